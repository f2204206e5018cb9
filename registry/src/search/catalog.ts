import type { Registry } from '../registry.js'
import { AdapterIndex, type IndexedFacts } from './adapter-index.js'
import { listPackages } from './listed-package.js'
import { packageDetail, type PackageDetail } from './package-detail.js'
import { readSearchQuery, type SearchQuery } from './search-query.js'
import { searchPackages, type SearchPage } from './search-packages.js'
import { storedUsage, type UsageSource } from './usage-source.js'

/** Search, package details and publisher listings over a registry's state (the API and the portal share it). */
export class Catalog {
  readonly index: AdapterIndex

  constructor(private readonly registry: Registry, private readonly usage: UsageSource = storedUsage(registry.usage)) {
    this.index = new AdapterIndex(registry.storage.executor, registry.blobs)
  }

  /** One page of the packages matching `query`; throws AETHER_E_REGISTRY_QUERY_INVALID for a bad filter. */
  async search(query: SearchQuery): Promise<SearchPage> {
    const filters = readSearchQuery(query)
    await this.index.catchUp()
    return searchPackages(await listPackages(this.registry.storage.executor, filters.publisher), filters)
  }

  /** A package's detail at `version` (default `latest`); throws AETHER_E_REGISTRY_PACKAGE_UNKNOWN. */
  async detail(name: string, version?: string): Promise<PackageDetail> {
    const stored = await this.registry.packages.get(name)
    await this.index.catchUp()
    return packageDetail({
      stored,
      submissions: await this.registry.submissions.ofPackage(name),
      facts: await this.#factsOf(name),
      report: (id) => this.registry.submissions.report(id),
      usage: await this.usage.usageOf(name),
    }, version)
  }

  /** The kinds present, for filters. */
  async kinds(): Promise<string[]> {
    await this.index.catchUp()
    return this.index.kinds()
  }

  async #factsOf(name: string): Promise<Map<string, IndexedFacts>> {
    const { rows } = await this.registry.storage.executor.query<{ version: string; kind: string | null; engine: string | null; capabilities: string[] | string }>(
      'SELECT version, kind, engine, capabilities FROM registry_adapter_index WHERE package = $1', [name])
    return new Map(rows.map((row) => [row.version, {
      kind: row.kind, engine: row.engine, capabilities: typeof row.capabilities === 'string' ? JSON.parse(row.capabilities) as string[] : row.capabilities,
    }]))
  }
}
