// For tests that run this source against a local feed: a real HTTP server serving GCP incidents
// with an ETag, and a build of the adapter that polls it (the committed bundle polls Google's).
import { createHash } from 'node:crypto'
import { mkdir, writeFile } from 'node:fs/promises'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { buildAdapter } from '@aether/adapter-cli'

/** The vendored GCP incident history, newest first as in the feed. */
export const incidentsFile = fileURLToPath(new URL('../../../examples/spot-risk/data/gcp-incidents-2023-04-to-12.json', import.meta.url))

/**
 * A real server on 127.0.0.1 (random port) serving `incidents` at /incidents.json with a strong
 * ETag of the body, answering 304 to a matching If-None-Match. `serve` replaces what it serves;
 * `requests` lists each request's If-None-Match and the status sent.
 */
export async function feedServer(incidents: unknown[]) {
  let body = JSON.stringify(incidents)
  const requests: Array<{ ifNoneMatch: string | undefined; status: number }> = []
  const etagOf = (text: string) => `"${createHash('sha256').update(text).digest('hex').slice(0, 32)}"`
  const server = createServer((request, response) => {
    const etag = etagOf(body)
    const ifNoneMatch = request.headers['if-none-match']
    const status = request.url !== '/incidents.json' ? 404 : ifNoneMatch === etag ? 304 : 200
    requests.push({ ifNoneMatch, status })
    if (status === 200) response.writeHead(200, { 'content-type': 'application/json', etag }).end(body)
    else response.writeHead(status, status === 304 ? { etag } : {}).end()
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    port,
    url: `http://127.0.0.1:${port}/incidents.json`,
    requests,
    etag: () => etagOf(body),
    serve(next: unknown[]) { body = JSON.stringify(next) },
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }),
  }
}

/**
 * Builds, in `parent`, the gcp-status-feed source polling `feedUrl` (on 127.0.0.1:port), with a
 * manifest that requests fetch of that one address and kv: the operator grants
 * `fetch=127.0.0.1:<port>` and `kv`. Returns the folder.
 */
export async function buildLocalFeedSource(parent: string, feedUrl: string, port: number): Promise<string> {
  const folder = join(parent, 'gcp-status-feed-local')
  await mkdir(join(folder, 'src'), { recursive: true })
  const factory = fileURLToPath(new URL('../src/gcp-status-feed.ts', import.meta.url))
  await writeFile(join(folder, 'src/index.ts'), `import { gcpStatusFeed } from ${JSON.stringify(factory)}
export default gcpStatusFeed({ name: 'gcp-status-feed', feedUrl: ${JSON.stringify(feedUrl)}, source: 'gcp-status-feed' })
`)
  await writeFile(join(folder, 'package.json'), JSON.stringify({
    name: 'gcp-status-feed-local', version: '1.0.0',
    aetherAdapter: {
      kind: 'source', name: 'gcp-status-feed', output: 'signal.v1', capabilities: [`fetch:127.0.0.1:${port}`, 'kv'],
      limits: { timeoutMs: 5_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 },
    },
  }))
  await buildAdapter(folder)
  return folder
}
