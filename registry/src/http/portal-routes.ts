import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import type { Logger } from '@aether/plugin-api'
import { RegistryPackageUnknown } from '../errors.js'
import { errorPage } from '../portal/error-page.js'
import { portalBase, portalHeaders } from '../portal/layout.js'
import { packagePage } from '../portal/package-page.js'
import { publisherPage } from '../portal/publisher-page.js'
import { searchPage } from '../portal/search-page.js'
import type { Catalog } from '../search/catalog.js'
import { SearchQuery } from '../search/search-query.js'
import { errorResponse } from './error-map.js'

const tags = ['portal']
const html = { 200: Type.String({ description: 'an HTML page' }) }
const VersionQuery = Type.Object({ version: Type.Optional(Type.String({ maxLength: 256 })) })

/** The web portal: server-rendered pages under /-/portal (no npm package name starts with "-"). */
export function portalRoutes(app: FastifyInstance, catalog: Catalog, logger: Logger): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>()
  // A refusal shown as a page, with the same status and message as the API's; faults are logged as the API's are.
  const pageError = (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    const { status, body } = errorResponse(error)
    if (status >= 500) logger.error({ err: error, method: request.method, url: request.url }, 'portal page failed')
    void reply.code(status).headers(portalHeaders).send(errorPage(status, body.error))
  }
  const send = (reply: FastifyReply, body: string) => reply.headers(portalHeaders).send(body)

  server.get('/', { schema: { tags, summary: 'the portal (a redirect to /-/portal)' } }, async (_request, reply) => reply.redirect(portalBase))

  server.get(portalBase, { errorHandler: pageError, schema: { tags, summary: 'the search page', querystring: SearchQuery, response: html } },
    async (request, reply) => {
      const [results, kinds] = [await catalog.search(request.query), await catalog.kinds()]
      return send(reply, searchPage(request.query, results, kinds))
    })

  const detail = async (name: string, version: string | undefined, reply: FastifyReply) => send(reply, packagePage(await catalog.detail(name, version)))
  server.get(`${portalBase}/packages/:name`, { errorHandler: pageError, schema: { tags, summary: "a package's page", params: Type.Object({ name: Type.String() }), querystring: VersionQuery, response: html } },
    async (request, reply) => detail(request.params.name, request.query.version, reply))
  server.get(`${portalBase}/packages/@:scope/:name`, { errorHandler: pageError, schema: { tags, summary: "a scoped package's page", params: Type.Object({ scope: Type.String(), name: Type.String() }), querystring: VersionQuery, response: html } },
    async (request, reply) => detail(`@${request.params.scope}/${request.params.name}`, request.query.version, reply))

  server.get(`${portalBase}/publishers/:publisher`, { errorHandler: pageError, schema: { tags, summary: "a publisher's page", params: Type.Object({ publisher: Type.String({ maxLength: 214 }) }), response: html } },
    async (request, reply) => {
      const publisher = request.params.publisher.replace(/^@/, '')
      const packages = await catalog.search({ publisher, limit: 100 })
      if (packages.total === 0) throw new RegistryPackageUnknown([`Publisher "${publisher}" (no package is published under @${publisher}/)`])
      return send(reply, publisherPage(publisher, packages))
    })
}
