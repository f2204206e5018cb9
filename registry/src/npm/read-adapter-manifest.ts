import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import tar from 'tar-stream'

/** What the registry needs from an adapter's aether-adapter.json to certify it. */
export interface AdapterFacts {
  kind: string
  /** The manifest's own version, which must be the npm version it is published as. */
  version: string
  engine: string
  capabilities: string[]
}

// Larger manifests are not adapters' manifests; reading stops there.
const manifestMaxBytes = 256 * 1024

/**
 * Looks into an npm tarball for `package/aether-adapter.json`: its facts when the package is an
 * Aether adapter, undefined when it has none. Throws when the tarball cannot be read at all (the
 * publish is then refused), or the manifest is not JSON with a kind (conformance would only say
 * the same later).
 */
export async function readAdapterFacts(tarball: Buffer): Promise<AdapterFacts | undefined> {
  const extract = tar.extract()
  const done = new Promise<Buffer | undefined>((resolve, reject) => {
    let found: Buffer | undefined
    extract.on('entry', (header, stream, next) => {
      // npm pack puts everything under package/; the top folder's name is not checked.
      const isManifest = header.type === 'file' && /^[^/]+\/aether-adapter\.json$/.test(header.name)
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: unknown) => {
        if (!Buffer.isBuffer(chunk)) return
        if (!isManifest) return
        size += chunk.length
        if (size <= manifestMaxBytes) chunks.push(chunk)
      })
      stream.on('end', () => {
        if (isManifest && size <= manifestMaxBytes) found = Buffer.concat(chunks)
        next()
      })
      stream.resume()
    })
    extract.on('finish', () => resolve(found))
    extract.on('error', reject)
  })
  const gunzip = createGunzip()
  gunzip.on('error', (error) => extract.destroy(new Error(`it is not a gzipped tar archive (${error.message})`, { cause: error })))
  Readable.from([tarball]).pipe(gunzip).pipe(extract)
  const manifest = await done
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
    version: typeof value.version === 'string' ? value.version : '',
    engine: typeof value.engine === 'string' ? value.engine : '',
    capabilities: Array.isArray(value.capabilities) ? value.capabilities.filter((c): c is string => typeof c === 'string').sort() : [],
  }
}
