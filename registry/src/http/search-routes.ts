import type { FastifyInstance } from 'fastify'
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox'
import { Type } from '@sinclair/typebox'
import { RegistryPackageUnknown } from '../errors.js'
import type { Catalog } from '../search/catalog.js'
import { SearchQuery } from '../search/search-query.js'
import { NpmSearchResponse, PackageDetailResponse, PublisherResponse, SearchResponse } from './search-schemas.js'
import type { BaseUrlOf } from './npm-routes.js'

const tags = ['search']
const ErrorBody = Type.Object({ error: Type.String(), code: Type.String() })
const VersionQuery = Type.Object({ version: Type.Optional(Type.String({ maxLength: 256, description: 'the version to show; latest by default' })) })

/** The search API: packages by text and filters, a package's detail, a publisher's packages, and npm search. */
export function searchRoutes(app: FastifyInstance, catalog: Catalog, baseUrlOf: BaseUrlOf): void {
  const server = app.withTypeProvider<TypeBoxTypeProvider>()

  server.get('/-/aether/search', {
    schema: { tags, summary: 'search packages by text, kind, capability, certification and engine range; paged, in a stable order', querystring: SearchQuery, response: { 200: SearchResponse, 400: ErrorBody } },
  }, async (request) => catalog.search(request.query))

  const detail = { tags, summary: "a package's versions, README, conformance report, permissions and usage", querystring: VersionQuery, response: { 200: PackageDetailResponse, 404: ErrorBody } }
  server.get('/-/aether/packages/:name', { schema: { ...detail, params: Type.Object({ name: Type.String({ description: 'package name; a scoped one as @scope%2fname' }) }) } },
    async (request) => catalog.detail(request.params.name, request.query.version))
  server.get('/-/aether/packages/@:scope/:name', { schema: { ...detail, params: Type.Object({ scope: Type.String(), name: Type.String() }) } },
    async (request) => catalog.detail(`@${request.params.scope}/${request.params.name}`, request.query.version))

  server.get('/-/aether/publishers/:publisher', {
    schema: { tags, summary: "a publisher's packages (its npm scope)", params: Type.Object({ publisher: Type.String({ maxLength: 214 }) }), response: { 200: PublisherResponse, 404: ErrorBody } },
  }, async (request) => {
    const publisher = request.params.publisher.replace(/^@/, '')
    const page = await catalog.search({ publisher, limit: 100 })
    if (page.total === 0) throw new RegistryPackageUnknown([`Publisher "${publisher}" (no package is published under @${publisher}/)`])
    return { publisher, total: page.total, packages: page.results }
  })

  server.get('/-/v1/search', {
    schema: {
      tags, summary: 'npm search: the same search in the shape the npm CLI reads',
      querystring: Type.Object({ text: Type.Optional(Type.String({ maxLength: 200 })), size: Type.Optional(Type.Integer({ minimum: 1, maximum: 250, default: 20 })), from: Type.Optional(Type.Integer({ minimum: 0, default: 0 })) }),
      response: { 200: NpmSearchResponse },
    },
  }, async (request) => {
    // npm search passes filters as words (keywords:x); they are searched as plain words here.
    const page = await catalog.search({ q: request.query.text ?? '', offset: request.query.from ?? 0, limit: Math.min(request.query.size ?? 20, 100) })
    const top = Math.max(1, ...page.results.map((result) => result.score))
    return {
      objects: page.results.map((result) => ({
        package: {
          name: result.name, version: result.version, description: result.description, keywords: result.keywords, date: result.publishedAt,
          ...(result.publisher === null ? {} : { publisher: { username: result.publisher } }),
          maintainers: result.publisher === null ? [] : [{ username: result.publisher }],
          links: { npm: `${baseUrlOf(request)}/-/portal/packages/${result.name}` },
        },
        score: { final: result.score / top, detail: { quality: result.isCertified ? 1 : 0, popularity: 0, maintenance: result.deprecated === null ? 1 : 0 } },
        searchScore: result.score,
      })),
      total: page.total,
      time: new Date().toUTCString(),
    }
  })
}
