import fastify, { type FastifyInstance, type FastifyRequest } from 'fastify'
import swagger from '@fastify/swagger'
import type { Logger } from '@aether/plugin-api'
import type { Registry } from '../registry.js'
import { kernelVersion } from '@aether/core'
import { aetherRoutes } from './aether-routes.js'
import { errorResponse } from './error-map.js'
import { npmRoutes } from './npm-routes.js'
import { portalRoutes } from './portal-routes.js'
import { searchRoutes } from './search-routes.js'
import { Catalog } from '../search/catalog.js'
import type { UsageSource } from '../search/usage-source.js'
import { requireReadTokens, type ReadAccess } from './read-access.js'
import { usageRoutes } from './usage-routes.js'
import { publishBodyLimit } from '../abuse/registry-limits.js'

/** How the HTTP service is reached. */
export interface ServerOptions {
  /** The URL clients use (tarball URLs point there); the request's own host otherwise. */
  publicUrl?: string
  /** Where the portal and detail API read usage from; "no usage recorded" without one. */
  usage?: UsageSource
  /** `token`: reading packages needs a token with the read scope; `public` (the default): anyone reads. */
  readAccess?: ReadAccess
}

/** The registry's fastify app: the npm protocol, the Aether API, and its OpenAPI at /docs. */
export async function registryServer(registry: Registry, logger: Logger, options: ServerOptions = {}): Promise<FastifyInstance> {
  const app = fastify({ logger: false, bodyLimit: 1024 * 1024 })
  await app.register(swagger, {
    openapi: {
      info: { title: 'Aether registry', version: kernelVersion, description: 'The npm registry protocol (publish, view, dist-tag, deprecate, install) and the certification API.' },
      components: { securitySchemes: { token: { type: 'http', scheme: 'bearer' } } },
    },
  })
  app.setErrorHandler((error, request, reply) => {
    const { status, body, headers } = errorResponse(error, publishBodyLimit(registry.limits))
    if (status >= 500) logger.error({ err: error, method: request.method, url: request.url }, 'request failed')
    else logger.debug({ code: body.code, method: request.method, url: request.url }, 'request refused')
    void reply.code(status).headers(headers).send(body)
  })
  app.setNotFoundHandler((request, reply) => {
    void reply.code(404).send({ error: `${request.method} ${request.url} is not part of this registry's API (see /docs).`, code: 'AETHER_E_REGISTRY_ROUTE_UNKNOWN' })
  })
  const publicUrl = options.publicUrl?.replace(/\/+$/, '')
  const baseUrlOf = (request: FastifyRequest): string => publicUrl ?? `${request.protocol}://${request.host}`
  if (options.readAccess === 'token') requireReadTokens(app, registry)
  app.get('/docs', { schema: { hide: true } }, async () => app.swagger())
  npmRoutes(app, registry, baseUrlOf)
  aetherRoutes(app, registry)
  const catalog = new Catalog(registry, options.usage)
  searchRoutes(app, catalog, baseUrlOf)
  portalRoutes(app, catalog, logger)
  usageRoutes(app, registry)
  return app
}
