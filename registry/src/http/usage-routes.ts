import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Registry } from '../registry.js'
import { statement } from '../usage/statement.js'
import { statementCsv } from '../usage/statement-csv.js'
import { maxUsageRowsPerImport } from '../usage/usage-store.js'
import { RegistryBodyInvalid, RegistryTokenScopeInsufficient } from '../errors.js'
import { isPackageName } from '../npm/publish-body.js'

const tags = ['usage']
const ErrorBody = Type.Object({ error: Type.String(), code: Type.String() })

/** Usage reported by operators (a usage or admin token) and the publishers' monthly statements. */
export function usageRoutes(app: FastifyInstance, registry: Registry): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>()

  server.post('/-/aether/usage', {
    bodyLimit: 8 * 1024 * 1024,
    schema: {
      tags, summary: `import usage.v1 records as the sandbox host stored them (at most ${maxUsageRowsPerImport} a request; a record already imported is skipped)`,
      body: Type.Object({ records: Type.Array(Type.Unknown(), { maxItems: maxUsageRowsPerImport }) }),
      response: {
        200: Type.Object({ received: Type.Integer(), inserted: Type.Integer(), duplicates: Type.Integer(), unknownAdapters: Type.Array(Type.String()) }),
        400: ErrorBody, 401: ErrorBody, 403: ErrorBody,
      },
    },
  }, async (request) => {
    const sender = await registry.tokens.authorize(request.headers.authorization, 'usage', 'importing usage')
    return registry.usage.import(request.body.records, sender.label)
  })

  const Day = Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'a UTC day, YYYY-MM-DD' })
  server.get('/-/aether/usage/:name', {
    schema: {
      tags, summary: 'a package\'s usage per UTC day and version, summed over tenants (counted, not named); the last 30 days by default',
      params: Type.Object({ name: Type.String({ description: 'package name; a scoped one escaped as @scope%2fname' }) }),
      querystring: Type.Object({ from: Type.Optional(Day), to: Type.Optional(Day) }),
    },
  }, async (request) => {
    const name = request.params.name
    if (!isPackageName(name)) throw new RegistryBodyInvalid([name, 'it is not a valid package name'])
    const to = request.query.to ?? new Date().toISOString().slice(0, 10)
    const from = request.query.from ?? new Date(Date.parse(`${to}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10)
    const days = (Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000
    if (!(days >= 0 && days <= 366)) throw new RegistryBodyInvalid([name, `the days ${from} to ${to} are not a range of at most 366 days`])
    await registry.packages.distTags(name)
    return { package: name, from, to, days: await registry.usage.dailyOfPackage(name, from, to) }
  })

  server.get('/-/aether/statements/:month', {
    schema: {
      tags, summary: 'a publisher\'s revenue-share statement for a month (UTC), as JSON or (format=csv) CSV; a publish token reads its own publisher\'s, an admin token any',
      params: Type.Object({ month: Type.String({ description: 'YYYY-MM' }) }),
      querystring: Type.Object({
        publisher: Type.Optional(Type.String({ minLength: 1, description: 'the token label of the publisher; the sender\'s own by default' })),
        format: Type.Optional(Type.Union([Type.Literal('json'), Type.Literal('csv')])),
      }),
    },
  }, async (request, reply) => {
    const sender = await registry.tokens.authorize(request.headers.authorization, 'publish', 'reading a statement')
    const publisher = request.query.publisher ?? sender.label
    if (publisher !== sender.label && sender.scope !== 'admin') {
      throw new RegistryTokenScopeInsufficient([sender.label, sender.scope, `reading the statement of "${publisher}"`, 'admin'])
    }
    const result = await statement(registry.storage.executor, { month: request.params.month, publisher }, registry.revenueShare)
    if (request.query.format === 'csv') {
      return reply.type('text/csv; charset=utf-8').header('content-disposition', `attachment; filename="statement-${request.params.month}.csv"`).send(statementCsv(result))
    }
    return result
  })
}
