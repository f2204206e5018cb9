import { createHash } from 'node:crypto'
import { createGzip } from 'node:zlib'
import tar from 'tar-stream'

/** One entry to write: tar-stream's header (name, type, linkname, ...) and a file's content. */
export interface TarEntry {
  header: Partial<tar.Header> & { name: string }
  content?: string | Buffer
}

/**
 * A gzipped tarball with exactly these entries, written by tar-stream, which writes names and
 * links as given: how the tests make the tarballs npm pack never would (links, `..`, `/etc`).
 */
export async function tarball(entries: TarEntry[]): Promise<Buffer> {
  const pack = tar.pack()
  for (const entry of entries) {
    if (entry.content === undefined) pack.entry(entry.header)
    else pack.entry(entry.header, entry.content)
  }
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack.pipe(createGzip())) chunks.push(chunk as Buffer)
  return Buffer.concat(chunks)
}

/** The package.json entry npm needs to read a tarball it publishes. */
export function packageJsonEntry(name: string, version = '1.0.0'): TarEntry {
  return { header: { name: 'package/package.json' }, content: JSON.stringify({ name, version, license: 'Apache-2.0' }) }
}

/**
 * Publishes `tgz` as `name@version` over HTTP with the body npm publish sends (one version, its
 * tarball in _attachments, sha512 integrity): for the packages a test needs in place, faster
 * than the npm CLI. Returns the response.
 */
export async function putTarball(registryUrl: string, token: string, name: string, version: string, tgz: Buffer): Promise<Response> {
  const integrity = `sha512-${createHash('sha512').update(tgz).digest('base64')}`
  const basename = name.replace(/^@[^/]+\//, '')
  return fetch(`${registryUrl}/${encodeURIComponent(name)}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({
      _id: name, name, 'dist-tags': { latest: version },
      versions: { [version]: { name, version, dist: { integrity, shasum: createHash('sha1').update(tgz).digest('hex') } } },
      _attachments: { [`${basename}-${version}.tgz`]: { content_type: 'application/octet-stream', data: tgz.toString('base64'), length: tgz.length } },
    }),
  })
}

/** A package's tarball: package.json, and with `adapterName` an aether-adapter.json naming that adapter. */
export async function packageTarball(name: string, version: string, adapterName?: string): Promise<Buffer> {
  return tarball([
    packageJsonEntry(name, version),
    ...(adapterName === undefined ? [] : [{ header: { name: 'package/aether-adapter.json' }, content: JSON.stringify({ kind: 'enricher', name: adapterName, version, engine: '^0.1.0', capabilities: [] }) }]),
  ])
}
