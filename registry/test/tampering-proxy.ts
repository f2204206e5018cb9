import { createServer, type Server } from 'node:http'

/** What the proxy changes on the way: nothing, or one thing an attacker on the path might. */
export type Tampering = 'none' | 'tarball' | 'packument' | 'keys'

/** A man in the middle between an installer and the registry. */
export interface TamperingProxy {
  url: string
  tampering: Tampering
  /** Changes a parsed packument when tampering is 'packument'. */
  editPackument: (packument: Record<string, unknown>) => void
  close(): Promise<void>
}

/**
 * An HTTP server on 127.0.0.1 that forwards GETs to `upstream` and rewrites its URLs to its own,
 * and, as told, flips a byte of every tarball, edits packuments, or serves an empty key list.
 */
export async function tamperingProxy(upstream: string): Promise<TamperingProxy> {
  let url = ''
  const proxy: TamperingProxy = { url: '', tampering: 'none', editPackument: () => {}, close: async () => {} }
  const server: Server = createServer((request, response) => {
    void (async () => {
      const answer = await fetch(`${upstream}${request.url ?? '/'}`)
      let body = Buffer.from(await answer.arrayBuffer())
      const isTarball = (request.url ?? '').endsWith('.tgz')
      if (isTarball && proxy.tampering === 'tarball') body[body.length - 40] = (body[body.length - 40] ?? 0) ^ 0xff
      if (!isTarball) {
        let text = body.toString('utf8').replaceAll(upstream, url)
        if (answer.ok && request.url === '/-/aether/keys' && proxy.tampering === 'keys') text = JSON.stringify({ keys: [] })
        else if (answer.ok && proxy.tampering === 'packument' && !(request.url ?? '').startsWith('/-/')) {
          const packument = JSON.parse(text) as Record<string, unknown>
          proxy.editPackument(packument)
          text = JSON.stringify(packument)
        }
        body = Buffer.from(text)
      }
      response.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' })
      response.end(body)
    })().catch((error: unknown) => {
      response.writeHead(502)
      response.end(String(error))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const address = server.address()
  url = `http://127.0.0.1:${typeof address === 'object' && address !== null ? address.port : 0}`
  proxy.url = url
  proxy.close = () => new Promise((resolve) => server.close(() => resolve()))
  return proxy
}
