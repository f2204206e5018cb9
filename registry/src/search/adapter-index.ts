import type { SqlExecutor } from '@aether/storage-sql'
import { readAdapterFacts } from '../npm/read-adapter-manifest.js'
import type { BlobStore } from '../storage/blob-store.js'

/** A version's adapter facts as search filters on them; `kind` null for a plain npm package. */
export interface IndexedFacts {
  kind: string | null
  engine: string | null
  capabilities: string[]
}

/**
 * Each version's aether-adapter.json facts (kind, engine, capabilities) in
 * `registry_adapter_index`. The index catches up by itself before each read, from the tarballs
 * in the blob store: the publish path stays as it is, and versions published before the index
 * existed are found too.
 */
export class AdapterIndex {
  constructor(private readonly executor: SqlExecutor, private readonly blobs: BlobStore) {}

  /** Indexes every version not indexed yet; returns how many it read. */
  async catchUp(): Promise<number> {
    const { rows } = await this.executor.query<{ package: string; version: string; sha512: string }>(`
      SELECT v.package, v.version, v.sha512 FROM registry_versions v
      LEFT JOIN registry_adapter_index i ON i.package = v.package AND i.version = v.version
      WHERE i.package IS NULL ORDER BY v.published_at`)
    for (const row of rows) {
      const facts = await this.#read(row.sha512)
      // Two readers catching up at once write the same facts: the first one stays.
      await this.executor.query(`INSERT INTO registry_adapter_index (package, version, kind, engine, capabilities)
        VALUES ($1, $2, $3, $4, $5) ON CONFLICT (package, version) DO NOTHING`,
      [row.package, row.version, facts.kind, facts.engine, JSON.stringify(facts.capabilities)])
    }
    return rows.length
  }

  /** The kinds of adapter the registry holds, sorted (for the portal's filter). */
  async kinds(): Promise<string[]> {
    const { rows } = await this.executor.query<{ kind: string }>('SELECT DISTINCT kind FROM registry_adapter_index WHERE kind IS NOT NULL ORDER BY kind')
    return rows.map((row) => row.kind)
  }

  async #read(sha512: string): Promise<IndexedFacts> {
    const tarball = await this.blobs.get(sha512)
    // The publish already refused unreadable tarballs; a missing blob leaves the version plain.
    const facts = tarball === undefined ? undefined : await readAdapterFacts(tarball).catch(() => undefined)
    return facts === undefined ? { kind: null, engine: null, capabilities: [] } : { kind: facts.kind, engine: facts.engine, capabilities: facts.capabilities }
  }
}
