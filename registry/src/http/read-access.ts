import type { FastifyInstance } from 'fastify'
import type { Registry } from '../registry.js'

/** Who may read packages: anyone (`public`, npm's default), or only holders of a token (`token`). */
export type ReadAccess = 'public' | 'token'

// Reachable without a token even on a private registry: health and the API description.
const openPaths = new Set(['/-/ping', '/docs'])

/**
 * With `token` read access, every GET and HEAD needs a token whose scope includes read (any
 * scope but usage), so a private registry's packages, tarballs and portal stay private.
 */
export function requireReadTokens(app: FastifyInstance, registry: Registry): void {
  app.addHook('onRequest', async (request) => {
    if (request.method !== 'GET' && request.method !== 'HEAD') return
    if (openPaths.has(request.url.split('?')[0] ?? '')) return
    await registry.tokens.authorize(request.headers.authorization, 'read', `reading ${request.url.split('?')[0]}`)
  })
}
