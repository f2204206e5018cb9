import type { SqlExecutor } from '@aether/storage-sql'
import type { SubmissionState } from '../submissions/submission-store.js'
import { publisherOf } from './publisher.js'

/** A package as search sees it: its `latest` version's manifest, adapter facts and certification. */
export interface ListedPackage {
  name: string
  publisher: string | null
  version: string
  description: string
  keywords: string[]
  /** The latest version's README as npm sent it ('' when it had none). */
  readme: string
  /** Null for a plain npm package. */
  kind: string | null
  engine: string | null
  capabilities: string[]
  /** The latest version's submission state; null for a plain npm package. */
  state: SubmissionState | null
  /** Certified and not yanked (a deprecated version keeps its certificate). */
  isCertified: boolean
  deprecated: string | null
  publishedAt: string
}

// What npm sends as the readme of a package that has none.
const npmNoReadme = 'ERROR: No README data found!'

/** The README npm sent in a version's manifest, or '' when it had none. */
export function readmeOf(manifest: Record<string, unknown>): string {
  return typeof manifest.readme === 'string' && manifest.readme !== npmNoReadme ? manifest.readme : ''
}

/** Every package with its latest version, in name order (search filters and ranks them). */
export async function listPackages(executor: SqlExecutor, publisher?: string): Promise<ListedPackage[]> {
  const { rows } = await executor.query<{
    name: string; version: string; manifest: Record<string, unknown> | string; deprecated: string | null; published_at: Date | string
    kind: string | null; engine: string | null; capabilities: string[] | string | null; state: SubmissionState | null
  }>(`
    SELECT p.name, v.version, v.manifest, v.deprecated, v.published_at, i.kind, i.engine, i.capabilities, s.state
    FROM registry_packages p
    JOIN registry_dist_tags t ON t.package = p.name AND t.tag = 'latest'
    JOIN registry_versions v ON v.package = p.name AND v.version = t.version
    LEFT JOIN registry_adapter_index i ON i.package = v.package AND i.version = v.version
    LEFT JOIN registry_submissions s ON s.package = v.package AND s.version = v.version
    WHERE $1::text IS NULL OR p.name LIKE $1::text
    ORDER BY p.name`, [publisher === undefined ? null : `@${publisher.replaceAll(/[\\%_]/g, (c) => `\\${c}`)}/%`])
  return rows.map((row) => {
    const manifest = typeof row.manifest === 'string' ? JSON.parse(row.manifest) as Record<string, unknown> : row.manifest
    const capabilities = typeof row.capabilities === 'string' ? JSON.parse(row.capabilities) as string[] : row.capabilities ?? []
    return {
      name: row.name,
      publisher: publisherOf(row.name),
      version: row.version,
      description: typeof manifest.description === 'string' ? manifest.description : '',
      keywords: Array.isArray(manifest.keywords) ? manifest.keywords.filter((k): k is string => typeof k === 'string') : [],
      readme: readmeOf(manifest),
      kind: row.kind,
      engine: row.engine,
      capabilities,
      state: row.state,
      isCertified: row.state === 'certified' || row.state === 'deprecated',
      deprecated: row.deprecated,
      publishedAt: new Date(row.published_at).toISOString(),
    }
  })
}
