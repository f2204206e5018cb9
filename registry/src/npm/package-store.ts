import type { SqlExecutor } from '@aether/storage-sql'
import semver from 'semver'
import { claimNames } from '../abuse/name-ownership.js'
import type { TokenIdentity } from '../tokens/token-store.js'
import { RegistryChangeRefused, RegistryPackageUnknown, RegistryVersionExists } from '../errors.js'
import type { AdapterFacts } from './read-adapter-manifest.js'
import type { Publication } from './publish-body.js'

/** A stored version, as the packument and the worker read it. */
export interface StoredVersion {
  version: string
  manifest: Record<string, unknown>
  sha512: string
  shasum: string
  deprecated: string | null
  publishedAt: string
}

/** A stored package: versions in semver order and its dist-tags. */
export interface StoredPackage {
  name: string
  createdAt: string
  modifiedAt: string
  versions: StoredVersion[]
  distTags: Record<string, string>
}

/** Packages, versions and dist-tags in the registry's tables. */
export class PackageStore {
  constructor(private readonly executor: SqlExecutor) {}

  /**
   * Stores a checked publication (its tarball already in the blob store) and its tags; for an
   * adapter also its submission, in the same transaction, so no adapter is published unjudged.
   * Throws AETHER_E_REGISTRY_VERSION_EXISTS for a version already published. With `sender`, the
   * name rules (abuse/name-ownership.ts) are checked in the same transaction.
   */
  async publish(publication: Publication, adapter: AdapterFacts | undefined, sender?: TokenIdentity): Promise<void> {
    await this.executor.transaction(async (tx) => {
      if (sender !== undefined) await claimNames(tx, publication.name, adapter?.name, sender)
      await tx.query(`INSERT INTO registry_packages (name) VALUES ($1)
        ON CONFLICT (name) DO UPDATE SET modified_at = now()`, [publication.name])
      const inserted = await tx.query(`INSERT INTO registry_versions (package, version, manifest, sha512, shasum, size_bytes)
        VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT (package, version) DO NOTHING`,
      [publication.name, publication.version, JSON.stringify(publication.manifest), publication.sha512, publication.shasum, publication.tarball.length])
      if (inserted.rowCount === 0) throw new RegistryVersionExists([`${publication.name}@${publication.version}`])
      for (const tag of publication.tags) await setTag(tx, publication.name, tag, publication.version)
      if (adapter !== undefined) {
        await tx.query(`INSERT INTO registry_submissions (package, version, state) VALUES ($1, $2, 'submitted')`, [publication.name, publication.version])
      }
    })
  }

  /** The package with every version and tag; throws AETHER_E_REGISTRY_PACKAGE_UNKNOWN when absent. */
  async get(name: string): Promise<StoredPackage> {
    const found = await this.executor.query<{ created_at: Date | string; modified_at: Date | string }>(
      'SELECT created_at, modified_at FROM registry_packages WHERE name = $1', [name])
    const row = found.rows[0]
    if (row === undefined) throw new RegistryPackageUnknown([`Package ${name}`])
    const versions = await this.executor.query<{ version: string; manifest: Record<string, unknown> | string; sha512: string; shasum: string; deprecated: string | null; published_at: Date | string }>(
      'SELECT version, manifest, sha512, shasum, deprecated, published_at FROM registry_versions WHERE package = $1', [name])
    return {
      name,
      createdAt: iso(row.created_at),
      modifiedAt: iso(row.modified_at),
      versions: versions.rows.map((version) => ({
        version: version.version,
        manifest: typeof version.manifest === 'string' ? JSON.parse(version.manifest) as Record<string, unknown> : version.manifest,
        sha512: version.sha512, shasum: version.shasum, deprecated: version.deprecated, publishedAt: iso(version.published_at),
      })).sort((a, b) => semver.compare(a.version, b.version)),
      distTags: await this.distTags(name),
    }
  }

  /** The version's tarball sha512, or undefined. */
  async tarballOf(name: string, version: string): Promise<string | undefined> {
    const { rows } = await this.executor.query<{ sha512: string }>('SELECT sha512 FROM registry_versions WHERE package = $1 AND version = $2', [name, version])
    return rows[0]?.sha512
  }

  /** The package's dist-tags; throws for an unknown package. */
  async distTags(name: string): Promise<Record<string, string>> {
    const { rows } = await this.executor.query<{ tag: string; version: string }>('SELECT tag, version FROM registry_dist_tags WHERE package = $1 ORDER BY tag', [name])
    if (rows.length === 0) await this.requirePackage(name)
    return Object.fromEntries(rows.map((row) => [row.tag, row.version]))
  }

  /** Points `tag` at a published version. */
  async setDistTag(name: string, tag: string, version: string): Promise<void> {
    await this.executor.transaction(async (tx) => {
      const { rows } = await tx.query('SELECT 1 FROM registry_versions WHERE package = $1 AND version = $2', [name, version])
      if (rows.length === 0) throw new RegistryPackageUnknown([`Version ${name}@${version}`])
      await setTag(tx, name, tag, version)
    })
  }

  /** Removes a dist-tag; `latest` stays, since installs without a range need it. */
  async removeDistTag(name: string, tag: string): Promise<void> {
    if (tag === 'latest') throw new RegistryChangeRefused([name, 'the "latest" tag cannot be removed; point it at another version with npm dist-tag add'])
    const { rowCount } = await this.executor.query('DELETE FROM registry_dist_tags WHERE package = $1 AND tag = $2', [name, tag])
    if (rowCount === 0) throw new RegistryPackageUnknown([`Dist-tag "${tag}" of ${name}`])
  }

  /**
   * Applies a metadata update (what npm deprecate sends: the whole packument back): only each
   * version's `deprecated` may change. Returns the versions whose deprecation changed.
   */
  async updateDeprecations(name: string, deprecations: Map<string, string | undefined>): Promise<string[]> {
    return this.executor.transaction(async (tx) => {
      const { rows } = await tx.query<{ version: string; deprecated: string | null }>('SELECT version, deprecated FROM registry_versions WHERE package = $1', [name])
      if (rows.length === 0) throw new RegistryPackageUnknown([`Package ${name}`])
      const missing = rows.filter((row) => !deprecations.has(row.version)).map((row) => row.version)
      if (missing.length > 0) throw new RegistryChangeRefused([name, `the update leaves out ${missing.join(', ')}; this registry never unpublishes (deprecate instead)`])
      const unknown = [...deprecations.keys()].filter((version) => !rows.some((row) => row.version === version))
      if (unknown.length > 0) throw new RegistryChangeRefused([name, `the update adds ${unknown.join(', ')}; publish new versions with npm publish`])
      const changed: string[] = []
      for (const row of rows) {
        // npm deprecate sends "" to undeprecate.
        const wanted = deprecations.get(row.version) || null
        if (wanted === row.deprecated) continue
        await tx.query('UPDATE registry_versions SET deprecated = $3 WHERE package = $1 AND version = $2', [name, row.version, wanted])
        changed.push(row.version)
      }
      if (changed.length > 0) await tx.query('UPDATE registry_packages SET modified_at = now() WHERE name = $1', [name])
      return changed
    })
  }

  private async requirePackage(name: string): Promise<void> {
    const { rows } = await this.executor.query('SELECT 1 FROM registry_packages WHERE name = $1', [name])
    if (rows.length === 0) throw new RegistryPackageUnknown([`Package ${name}`])
  }
}

async function setTag(tx: SqlExecutor, name: string, tag: string, version: string): Promise<void> {
  await tx.query(`INSERT INTO registry_dist_tags (package, tag, version) VALUES ($1, $2, $3)
    ON CONFLICT (package, tag) DO UPDATE SET version = excluded.version`, [name, tag, version])
}

function iso(value: Date | string): string {
  return new Date(value).toISOString()
}
