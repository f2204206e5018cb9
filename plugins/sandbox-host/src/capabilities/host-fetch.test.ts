import { request } from 'node:http'
import { describe, expect, it } from 'vitest'
import { countingLookup, localServer } from '../../test/local-server.js'
import { HostFetch, pinnedRequestOptions } from './host-fetch.js'
import { CapabilityRefusal } from './refusal.js'

// A real HTTP server on 127.0.0.1, reached only through the exact-address grant.
const server = await localServer()
const lookup = countingLookup()
const hostFetch = new HostFetch({ timeoutMs: 300, maxResponseBytes: 64 * 1024, lookup })
const granted = [{ host: '127.0.0.1', port: server.port }, { host: 'localhost', port: server.port }]
const base = `http://127.0.0.1:${server.port}`
const open = () => new AbortController().signal
const soon = () => performance.now() + 2_000

describe('HostFetch', () => {
  it('fetches from the one address the operator granted, sending the adapter\'s method, headers and body', async () => {
    const response = await hostFetch.fetch({ url: `${base}/echo`, method: 'post', headers: { 'X-Trace': 't1' }, body: 'payload' }, granted, open(), soon())
    expect(response.status).toBe(200)
    expect(JSON.parse(response.body)).toEqual({ method: 'POST', host: `127.0.0.1:${server.port}`, headers: { 'x-trace': 't1' }, body: 'payload' })
    expect(response.headers['content-type']).toBe('application/json')
    expect(lookup.names).toEqual([])
  })

  it('does not follow a redirect: the adapter gets the 3xx and its next fetch is checked anew', async () => {
    const response = await hostFetch.fetch({ url: `${base}/redirect` }, granted, open(), soon())
    expect(response.status).toBe(302)
    expect(response.headers.location).toBe('http://169.254.169.254/latest/meta-data/')
    await expect(hostFetch.fetch({ url: response.headers.location as string }, granted, open(), soon())).rejects.toThrow('169.254.169.254 is a cloud metadata address')
  })

  it('refuses a response larger than the cap', async () => {
    await expect(hostFetch.fetch({ url: `${base}/big` }, granted, open(), soon())).rejects.toThrow(new CapabilityRefusal(`the response from 127.0.0.1 is larger than ${64 * 1024} bytes`))
  })

  it('gives up on a server that does not answer within its timeout, and drops the connection', async () => {
    const closed = server.hangsClosed
    const started = performance.now()
    await expect(hostFetch.fetch({ url: `${base}/hang` }, granted, open(), soon())).rejects.toThrow('fetch failed: no response within 300 ms')
    expect(performance.now() - started).toBeLessThan(1_000)
    await expect.poll(() => server.hangsClosed, { timeout: 5_000 }).toBe(closed + 1)
  })

  it('stops at once when the call ends', async () => {
    const ended = new AbortController()
    const fetching = hostFetch.fetch({ url: `${base}/hang` }, granted, ended.signal, soon())
    setTimeout(() => ended.abort(), 30)
    await expect(fetching).rejects.toThrow(/fetch failed/)
  })

  it('resolves a granted name itself and refuses it when it resolves to a loopback address, before connecting', async () => {
    const connections = server.connections
    await expect(hostFetch.fetch({ url: `http://localhost:${server.port}/hello` }, granted, open(), soon())).rejects.toThrow(/localhost resolves to (127\.0\.0\.1|::1), a loopback address/)
    expect(lookup.names).toContain('localhost')
    expect(server.connections).toBe(connections)
  })

  it('refuses malformed requests and headers the host sets itself', async () => {
    const connections = server.connections
    for (const [request, why] of [
      [{ url: `${base}/hello`, method: 'CONNECT' }, 'method "CONNECT" is not allowed'],
      [{ url: `${base}/hello`, headers: { Host: 'other.example' } }, 'the host header is set by the host'],
      [{ url: `${base}/hello`, headers: { 'Proxy-Authorization': 'x' } }, 'proxy-authorization header'],
      [{ url: `${base}/hello`, headers: { 'x-a': 'b\r\nx-injected: 1' } }, 'without line breaks'],
      [{ url: `${base}/hello`, body: 42 }, 'the body must be a string'],
      [{ url: 42 }, 'fetch needs a URL string'],
    ] as const) {
      await expect(hostFetch.fetch(request as never, granted, open(), soon())).rejects.toThrow(why)
    }
    expect(server.connections).toBe(connections)
  })

  it('connects to the checked address only, whatever DNS would say by then, keeping the URL\'s host in the Host header', async () => {
    // rebind.invalid has no DNS answer at all: reaching the server proves node never asked DNS.
    const url = new URL(`http://Rebind.invalid.:${server.port}/echo?x=1`)
    const options = pinnedRequestOptions({ url, host: 'rebind.invalid', port: server.port, address: undefined }, '127.0.0.1', 'GET', { 'x-pinned': 'yes' }, open())
    const body = await new Promise<string>((resolve, reject) => {
      request(options, (response) => {
        let text = ''
        response.setEncoding('utf8').on('data', (chunk: string) => { text += chunk }).on('end', () => resolve(text))
      }).on('error', reject).end()
    })
    expect(JSON.parse(body)).toMatchObject({ host: `rebind.invalid:${server.port}`, headers: { 'x-pinned': 'yes' } })
    expect(server.requests.at(-1)?.url).toBe('/echo?x=1')
  })
})

describe('HostFetch with a replay in place of the network', () => {
  const replayed: unknown[] = []
  const replaying = new HostFetch({
    timeoutMs: 300, maxResponseBytes: 100, lookup,
    replay: async (request) => {
      replayed.push(request)
      return { status: 200, headers: { etag: '"v1"' }, body: request.url.endsWith('/big') ? 'x'.repeat(101) : 'recorded' }
    },
  })
  const names = [{ host: 'feed.example', port: undefined }]

  it('answers a request that passed the checks from the replay, resolving no name and connecting nowhere', async () => {
    const connections = server.connections
    const response = await replaying.fetch({ url: 'https://feed.example/a?b=1', method: 'get', headers: { 'if-none-match': '"v0"' } }, names, open(), soon())
    expect(response).toEqual({ status: 200, headers: { etag: '"v1"' }, body: 'recorded' })
    expect(replayed).toEqual([{ method: 'GET', url: 'https://feed.example/a?b=1', headers: { 'if-none-match': '"v0"' } }])
    expect([server.connections, lookup.names.includes('feed.example')]).toEqual([connections, false])
  })

  it('still refuses what the allow-list or the size cap refuses', async () => {
    await expect(replaying.fetch({ url: 'https://other.example/' }, names, open(), soon())).rejects.toBeInstanceOf(CapabilityRefusal)
    await expect(replaying.fetch({ url: 'https://feed.example/big' }, names, open(), soon())).rejects.toThrow(new CapabilityRefusal('the response from feed.example is larger than 100 bytes'))
    expect(replayed).toHaveLength(2)
  })
})
