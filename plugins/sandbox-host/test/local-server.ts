import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { lookup } from 'node:dns/promises'
import { afterAll } from 'vitest'

/**
 * A real HTTP server on 127.0.0.1 with a random port, counting every connection that reaches it,
 * for fetch tests to prove a refused fetch never connected. Paths: /hello, /echo (the request's
 * method, host header, x-* headers and body as JSON), /big (2 MiB), /redirect (302 to /hello),
 * /hang (never answers; `hangsClosed` counts the ones whose connection the client dropped).
 */
export async function localServer() {
  const state = { connections: 0, requests: [] as Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>, hangsClosed: 0 }
  const server = createServer((request, response) => {
    let body = ''
    request.setEncoding('utf8').on('data', (chunk: string) => { body += chunk })
    request.on('end', () => {
      state.requests.push({ method: request.method ?? '', url: request.url ?? '', headers: request.headers })
      const path = new URL(request.url ?? '/', 'http://test').pathname
      if (path === '/hello') response.writeHead(200, { 'content-type': 'text/plain', 'x-served-by': 'local' }).end('hello from the test server')
      else if (path === '/echo') {
        const extra = Object.fromEntries(Object.entries(request.headers).filter(([name]) => name.startsWith('x-')))
        response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ method: request.method, host: request.headers.host, headers: extra, body }))
      } else if (path === '/big') response.writeHead(200).end('x'.repeat(2 * 1024 * 1024))
      else if (path === '/redirect') response.writeHead(302, { location: 'http://169.254.169.254/latest/meta-data/' }).end()
      else if (path === '/hang') response.socket?.on('close', () => { state.hangsClosed += 1 })
      else response.writeHead(404).end()
    })
  })
  server.on('connection', () => { state.connections += 1 })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  afterAll(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()) }))
  return Object.assign(state, { port: (server.address() as AddressInfo).port })
}

/** The real DNS lookup the host uses, counting the names it was asked for. */
export function countingLookup() {
  const names: string[] = []
  const resolve = (host: string) => { names.push(host); return lookup(host, { all: true, verbatim: true }) }
  return Object.assign(resolve, { names })
}
