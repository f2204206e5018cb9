import { inspectTarball } from '../abuse/inspect-tarball.js'

/** What the registry needs from an adapter's aether-adapter.json to certify it. */
export interface AdapterFacts {
  kind: string
  /** The manifest's name: what pipelines call it and what its usage is counted under ('' when absent). */
  name?: string
  /** The manifest's own version, which must be the npm version it is published as. */
  version: string
  engine: string
  capabilities: string[]
}

// npm pack puts everything under package/; the top folder's name is not checked.
const isManifest = (entry: string): boolean => /^[^/]+\/aether-adapter\.json$/.test(entry)

/**
 * Looks into an npm tarball for `package/aether-adapter.json`: its facts when the package is an
 * Aether adapter, undefined when it has none. Every entry is checked on the way
 * (abuse/inspect-tarball.ts): a link, a path out of the package or an absolute one refuses the
 * tarball with a TarballEntryProblem. Throws when the tarball cannot be read at all (the publish
 * is then refused), or the manifest is not JSON with a kind (conformance would only say the same
 * later).
 */
export async function readAdapterFacts(tarball: Buffer): Promise<AdapterFacts | undefined> {
  const files = await inspectTarball(tarball, isManifest)
  const manifest = [...files.values()][0]
  if (manifest === undefined) return undefined
  let value: Record<string, unknown>
  try {
    value = JSON.parse(manifest.toString('utf8')) as Record<string, unknown>
  } catch (error) {
    throw new Error(`its aether-adapter.json is not JSON: ${(error as Error).message}`, { cause: error })
  }
  if (value === null || typeof value !== 'object' || typeof value.kind !== 'string') throw new Error('its aether-adapter.json has no "kind"')
  return {
    kind: value.kind,
    name: typeof value.name === 'string' ? value.name : '',
    version: typeof value.version === 'string' ? value.version : '',
    engine: typeof value.engine === 'string' ? value.engine : '',
    capabilities: Array.isArray(value.capabilities) ? value.capabilities.filter((c): c is string => typeof c === 'string').sort() : [],
  }
}
