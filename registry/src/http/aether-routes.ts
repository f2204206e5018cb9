import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { RegistryPackageUnknown } from '../errors.js'
import type { Registry } from '../registry.js'
import { PublishedKey } from '../signing/certification.js'

const tags = ['aether']
const SubmissionId = Type.Object({ id: Type.Integer({ minimum: 1 }) })

/** The registry's own API: signing keys, submissions and their conformance reports. */
export function aetherRoutes(app: FastifyInstance, registry: Registry): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>()

  server.get('/-/aether/keys', {
    schema: { tags, summary: "the registry's public keys with their validity windows and revocations", response: { 200: Type.Object({ keys: Type.Array(PublishedKey) }) } },
  }, async () => ({ keys: await registry.keys.published() }))

  server.get('/-/aether/submissions/:id', { schema: { tags, summary: 'a submission: its state, certificate and signature', params: SubmissionId } },
    async (request) => {
      const submission = await registry.submissions.get(request.params.id)
      return { ...submission, certificate: submission.certificate === null ? null : JSON.parse(submission.certificate) as unknown }
    })

  server.get('/-/aether/submissions/:id/report', { schema: { tags, summary: 'the conformance report (JSON, byte for byte what reportSha512 covers)', params: SubmissionId } },
    async (request, reply) => {
      const report = await registry.submissions.report(request.params.id)
      if (report === undefined) throw new RegistryPackageUnknown([`A conformance report of submission ${request.params.id}`])
      return reply.type('application/json').send(report)
    })

  server.post('/-/aether/submissions/:id/yank', { schema: { tags, summary: 'withdraw a version from certification (operator: an admin token)', params: SubmissionId } },
    async (request) => {
      await registry.tokens.authorize(request.headers.authorization, 'admin', 'yanking a version')
      const submission = await registry.submissions.get(request.params.id)
      await registry.submissions.yank(submission.package, submission.version)
      return { ok: true }
    })
}
