import { Type, type Static } from '@sinclair/typebox'
import semver from 'semver'
import { RegistryQueryInvalid } from '../errors.js'

// An empty value (a form field left blank) means "no filter", so every filter accepts ''.
const orEmpty = <T extends string>(...values: T[]) => Type.Union([...values.map((value) => Type.Literal(value)), Type.Literal('')])

/** The search parameters, shared by the API (`/-/aether/search`) and the portal's search page. */
export const SearchQuery = Type.Object({
  q: Type.Optional(Type.String({ maxLength: 200, description: 'words to find in the name, description, keywords or README; every word must appear' })),
  kind: Type.Optional(Type.String({ maxLength: 64, description: 'adapter kind, e.g. enricher' })),
  capability: Type.Optional(Type.Array(Type.String({ maxLength: 200 }), {
    maxItems: 10, description: 'a capability the adapter requests: "kv", "fetch" (any fetch target), "fetch:api.example.com"; "none" for adapters that request none. Repeat to require several',
  })),
  certified: Type.Optional(orEmpty('true', 'false')),
  engine: Type.Optional(Type.String({ maxLength: 100, description: 'a kernel version or semver range; adapters whose engine range intersects it' })),
  publisher: Type.Optional(Type.String({ maxLength: 214, description: 'a publisher (npm scope without @)' })),
  sort: Type.Optional(orEmpty('relevance', 'name', 'updated')),
  offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 10_000, default: 0 })),
  limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 100, default: 20 })),
})
export type SearchQuery = Static<typeof SearchQuery>

/** The search parameters read: blanks dropped, words split, the engine range checked. */
export interface SearchFilters {
  terms: string[]
  kind?: string
  capabilities: string[]
  certified?: boolean
  engine?: string
  publisher?: string
  sort: 'relevance' | 'name' | 'updated'
  offset: number
  limit: number
}

/** Reads a query; throws AETHER_E_REGISTRY_QUERY_INVALID for an engine that is no semver range. */
export function readSearchQuery(query: SearchQuery): SearchFilters {
  const terms = (query.q ?? '').toLowerCase().split(/\s+/).filter(Boolean)
  const engine = query.engine?.trim() ?? ''
  if (engine !== '' && semver.validRange(engine) === null) {
    throw new RegistryQueryInvalid(['engine', `"${engine}" is not a semver version or range; give a kernel version (0.1.0) or a range (^0.1.0)`])
  }
  const filters: SearchFilters = {
    terms,
    capabilities: (query.capability ?? []).map((capability) => capability.trim()).filter(Boolean),
    sort: query.sort === undefined || query.sort === '' ? (terms.length > 0 ? 'relevance' : 'name') : query.sort,
    offset: query.offset ?? 0,
    limit: query.limit ?? 20,
  }
  if (query.kind !== undefined && query.kind.trim() !== '') filters.kind = query.kind.trim()
  if (query.certified === 'true' || query.certified === 'false') filters.certified = query.certified === 'true'
  if (engine !== '') filters.engine = engine
  if (query.publisher !== undefined && query.publisher.trim() !== '') filters.publisher = query.publisher.trim().replace(/^@/, '')
  return filters
}
