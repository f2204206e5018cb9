import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { requireOwner } from '../abuse/name-ownership.js'
import { publishBodyLimit } from '../abuse/registry-limits.js'
import { RegistryBodyInvalid, RegistryChangeRefused, RegistryPackageUnknown } from '../errors.js'
import { isPackageName, isTagName, PackageWriteBody } from '../npm/publish-body.js'
import type { Registry } from '../registry.js'

/** Where the registry is reached from the client's side, for tarball URLs. */
export type BaseUrlOf = (request: FastifyRequest) => string

const ErrorBody = Type.Object({ error: Type.String(), code: Type.String() })
const WriteOutcome = Type.Object({
  ok: Type.Boolean(), published: Type.Optional(Type.String()), isAdapter: Type.Optional(Type.Boolean()), deprecated: Type.Optional(Type.Array(Type.String())),
})
const Name = Type.Object({ name: Type.String({ description: 'package name; a scoped one escaped as @scope%2fname' }) })
const ScopedName = Type.Object({ scope: Type.String(), name: Type.String() })
const tags = ['npm']

/**
 * The part of the npm registry protocol the npm CLI uses for publish, view, dist-tag, deprecate
 * and install. A scoped name arrives escaped (`@scope%2fname`) in one path segment.
 */
export function npmRoutes(app: FastifyInstance, registry: Registry, baseUrlOf: BaseUrlOf): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>()
  // Every change needs a publish token (or an admin one); the owner rules come on top.
  const requirePublisher = async (request: FastifyRequest, action: string) => registry.tokens.authorize(request.headers.authorization, 'publish', action)
  const packageName = (name: string): string => {
    if (!isPackageName(name)) throw new RegistryPackageUnknown([`"${name}" (not a valid npm package name)`])
    return name
  }

  server.get('/-/ping', { schema: { tags, summary: 'npm ping' } }, async () => ({}))

  server.get('/-/whoami', { schema: { tags, summary: 'npm whoami: the label of the token sent', response: { 200: Type.Object({ username: Type.String() }), 401: ErrorBody } } },
    async (request) => ({ username: await registry.tokens.authenticate(request.headers.authorization) }))

  const getPackument = async (name: string, request: FastifyRequest) => registry.packument(packageName(name), baseUrlOf(request))
  server.get('/:name', { schema: { tags, summary: 'the packument: versions, dist-tags, dist (tarball, integrity, shasum)', params: Name } },
    async (request) => getPackument(request.params.name, request))
  server.get('/@:scope/:name', { schema: { tags, summary: 'the packument of a scoped package named unescaped', params: ScopedName } },
    async (request) => getPackument(`@${request.params.scope}/${request.params.name}`, request))

  server.put('/:name', {
    bodyLimit: publishBodyLimit(registry.limits),
    schema: {
      tags, summary: 'npm publish (a body with _attachments) or npm deprecate (the packument sent back)', params: Name, body: PackageWriteBody,
      response: { '2xx': WriteOutcome, 400: ErrorBody, 401: ErrorBody, 403: ErrorBody, 409: ErrorBody, 413: ErrorBody, 422: ErrorBody, 429: ErrorBody },
    },
  }, async (request, reply) => {
    const name = request.params.name
    const sender = await requirePublisher(request, `publishing ${name}`)
    if (!isPackageName(name)) throw new RegistryBodyInvalid([name, 'it is not a valid package name: lowercase letters, digits and ._~- only, optionally as @scope/name, and not "docs" (the API description lives there)'])
    const outcome = await registry.write(name, request.body, sender)
    return reply.code(outcome.published === undefined ? 200 : 201).send({ ok: true, ...outcome })
  })

  const refuseUnpublish = async (request: FastifyRequest<{ Params: { name: string } }>) => {
    await requirePublisher(request, `unpublishing ${request.params.name}`)
    throw new RegistryChangeRefused([request.params.name, 'this registry never unpublishes a version; deprecate it (npm deprecate) or ask the operator to yank it'])
  }
  server.put('/:name/-rev/:rev', { schema: { tags, summary: 'npm unpublish: refused', params: Type.Object({ name: Type.String(), rev: Type.String() }) } }, refuseUnpublish)
  server.delete('/:name/-rev/:rev', { schema: { tags, summary: 'npm unpublish: refused', params: Type.Object({ name: Type.String(), rev: Type.String() }) } }, refuseUnpublish)

  const sendTarball = async (name: string, file: string, reply: FastifyReply) => {
    const basename = name.includes('/') ? name.slice(name.indexOf('/') + 1) : name
    const version = file.startsWith(`${basename}-`) && file.endsWith('.tgz') ? file.slice(basename.length + 1, -'.tgz'.length) : undefined
    const sha512 = version === undefined ? undefined : await registry.packages.tarballOf(packageName(name), version)
    const bytes = sha512 === undefined ? undefined : await registry.blobs.get(sha512)
    if (bytes === undefined) throw new RegistryPackageUnknown([`Tarball ${file} of ${name}`])
    return reply.type('application/octet-stream').header('cache-control', 'public, max-age=31536000, immutable').send(bytes)
  }
  const TarballParams = Type.Object({ name: Type.String(), file: Type.String() })
  server.get('/:name/-/:file', { schema: { tags, summary: 'a tarball', params: TarballParams } },
    async (request, reply) => sendTarball(request.params.name, request.params.file, reply))
  server.get('/@:scope/:name/-/:file', { schema: { tags, summary: 'a tarball of a scoped package', params: Type.Object({ scope: Type.String(), name: Type.String(), file: Type.String() }) } },
    async (request, reply) => sendTarball(`@${request.params.scope}/${request.params.name}`, request.params.file, reply))

  const Tag = Type.Object({ name: Type.String(), tag: Type.String() })
  server.get('/-/package/:name/dist-tags', { schema: { tags, summary: 'npm dist-tag ls', params: Name, response: { 200: Type.Record(Type.String(), Type.String()) } } },
    async (request) => registry.packages.distTags(packageName(request.params.name)))
  server.put('/-/package/:name/dist-tags/:tag', { schema: { tags, summary: 'npm dist-tag add: the body is the version as a JSON string', params: Tag, body: Type.String() } },
    async (request) => {
      const sender = await requirePublisher(request, `tagging ${request.params.name}`)
      const name = packageName(request.params.name)
      await requireOwner(registry.storage.executor, name, sender)
      if (!isTagName(request.params.tag)) throw new RegistryBodyInvalid([name, `"${request.params.tag}" is not a usable dist-tag (it reads as a version or range)`])
      await registry.packages.setDistTag(name, request.params.tag, request.body)
      return { ok: true }
    })
  server.delete('/-/package/:name/dist-tags/:tag', { schema: { tags, summary: 'npm dist-tag rm', params: Tag } },
    async (request) => {
      const sender = await requirePublisher(request, `untagging ${request.params.name}`)
      await requireOwner(registry.storage.executor, packageName(request.params.name), sender)
      await registry.packages.removeDistTag(packageName(request.params.name), request.params.tag)
      return { ok: true }
    })
}
