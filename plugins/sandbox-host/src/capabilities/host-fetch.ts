import { lookup as dnsLookup } from 'node:dns/promises'
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { LookupFunction } from 'node:net'
import { refusedAddress } from './address-policy.js'
import { checkFetchUrl, type CheckedUrl } from './fetch-guard.js'
import type { FetchTarget } from './grants.js'
import { CapabilityRefusal } from './refusal.js'

// `ctx.fetch`, performed in the kernel process: the isolate and its sandbox process never touch
// the network. The host resolves the name itself, checks every address, then connects to the
// checked address only (the lookup it hands to node returns that address), so a DNS answer that
// changes between the check and the connection cannot move the request. Redirects are not
// followed: a 3xx comes back to the adapter, whose next fetch is checked like the first.

/** What an adapter asks for; every field comes from the isolate and is checked here. */
export interface FetchRequest {
  url: string
  method?: string
  headers?: Record<string, string>
  body?: string
}

/** What the adapter gets back. */
export interface FetchResponse {
  status: number
  headers: Record<string, string>
  body: string
}

export interface HostFetchOptions {
  /** Most time one fetch may take; the call's deadline, when sooner, ends it instead (by its abort signal). */
  timeoutMs: number
  /** Most bytes of a response body; past it the fetch is refused. */
  maxResponseBytes: number
  /** Resolves names (all addresses); node's getaddrinfo lookup unless given. */
  lookup?: (host: string) => Promise<Array<{ address: string; family: number }>>
  /**
   * Answers a request that passed every check in place of the network: no name is resolved and
   * nothing connects (the conformance harness serves an adapter's recorded traffic this way).
   * The response size limit still holds.
   */
  replay?: (request: ReplayedRequest) => Promise<FetchResponse>
}

/** A checked request as `replay` gets it: the method upper case, the URL as parsed. */
export interface ReplayedRequest {
  method: string
  url: string
  headers: Record<string, string>
  body?: string
}

const methods = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'])
/** Headers the host sets or that would change how the connection behaves or where it goes. */
const reservedHeaders = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'upgrade', 'expect', 'te', 'trailer', 'keep-alive', 'http2-settings'])
const headerName = /^[!#$%&'*+.^_`|~0-9A-Za-z-]{1,100}$/
const maxHeaders = 50
const deadlineGraceMs = 250

export class HostFetch {
  readonly #lookup: NonNullable<HostFetchOptions['lookup']>

  constructor(private readonly options: HostFetchOptions) {
    this.#lookup = options.lookup ?? ((host) => dnsLookup(host, { all: true, verbatim: true }))
  }

  /**
   * Performs `request` if it is allowed by `allowList` and the address policy; rejects with a
   * CapabilityRefusal when it is not (before any DNS query for a URL that names an address, and
   * before any connection in every case), with a plain Error when the network fails.
   */
  async fetch(request: FetchRequest, allowList: readonly FetchTarget[], signal: AbortSignal, deadline: number): Promise<FetchResponse> {
    const method = checkRequest(request)
    const checked = checkFetchUrl(request.url, allowList)
    if (typeof checked === 'string') throw new CapabilityRefusal(checked)
    const left = Math.floor(deadline - performance.now())
    if (left <= 0) throw new Error('fetch failed: no time is left in the call')
    // Past the call's deadline the call's end aborts the fetch (and the call times out, rather
    // than racing a fetch error the adapter could catch); the grace is only a backstop.
    const timeoutMs = this.options.timeoutMs < left ? this.options.timeoutMs : left + deadlineGraceMs
    if (this.options.replay !== undefined) return this.#replayed(this.options.replay, { method, url: checked.url.href, headers: request.headers ?? {}, ...(request.body === undefined ? {} : { body: request.body }) })
    const address = checked.address ?? await this.#resolve(checked.host)
    signal.throwIfAborted()
    const options = pinnedRequestOptions(checked, address, method, request.headers ?? {}, signal)
    return this.#send(checked.url.protocol === 'https:' ? httpsRequest : httpRequest, options, request.body, timeoutMs)
  }

  async #replayed(replay: NonNullable<HostFetchOptions['replay']>, request: ReplayedRequest): Promise<FetchResponse> {
    const response = await replay(request)
    if (Buffer.byteLength(response.body) > this.options.maxResponseBytes) throw new CapabilityRefusal(`the response from ${new URL(request.url).host} is larger than ${this.options.maxResponseBytes} bytes`)
    return response
  }

  async #resolve(host: string): Promise<string> {
    let addresses: Array<{ address: string; family: number }>
    try {
      addresses = await this.#lookup(host)
    } catch (error) {
      throw new Error(`fetch failed: ${host} could not be resolved (${(error as { code?: string }).code ?? (error as Error).message})`)
    }
    if (addresses.length === 0) throw new Error(`fetch failed: ${host} has no addresses`)
    // Every address must pass: an answer that mixes a public and a private address is refused.
    for (const { address } of addresses) {
      const why = refusedAddress(address)
      if (why !== undefined) throw new CapabilityRefusal(`${host} resolves to ${address}, ${why}`)
    }
    return (addresses[0] as { address: string }).address
  }

  #send(send: typeof httpRequest, options: RequestOptions, body: string | undefined, timeoutMs: number): Promise<FetchResponse> {
    const { maxResponseBytes } = this.options
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => outgoing.destroy(new Error(`fetch failed: no response within ${timeoutMs} ms`)), timeoutMs)
      const fail = (error: Error) => { clearTimeout(timer); reject(error instanceof CapabilityRefusal ? error : new Error(`fetch failed: ${error.message}`)) }
      const outgoing = send(options, (response: IncomingMessage) => {
        const chunks: Buffer[] = []
        let size = 0
        response.on('data', (chunk: Buffer) => {
          size += chunk.length
          if (size > maxResponseBytes) {
            outgoing.destroy(new CapabilityRefusal(`the response from ${String(options.host)} is larger than ${maxResponseBytes} bytes`))
            return
          }
          chunks.push(chunk)
        })
        response.on('error', fail)
        response.on('end', () => {
          clearTimeout(timer)
          const headers = Object.fromEntries(Object.entries(response.headers).flatMap(([name, value]) => value === undefined ? [] : [[name, Array.isArray(value) ? value.join(', ') : value]])) as Record<string, string>
          resolve({ status: response.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') })
        })
      })
      outgoing.on('error', fail)
      outgoing.end(body)
    })
  }
}

/**
 * Request options that connect to `address` whatever DNS says by then: node calls the `lookup`
 * given here instead of resolving `checked.host`, while the Host header and the TLS server name
 * stay the URL's host. A fresh agent per request, so no pooled socket to another address is reused.
 */
export function pinnedRequestOptions(checked: CheckedUrl, address: string, method: string, headers: Record<string, string>, signal: AbortSignal): RequestOptions {
  const family = address.includes(':') ? 6 : 4
  const pinned: LookupFunction = (_host, lookupOptions, callback) => {
    if (lookupOptions.all === true) (callback as unknown as (error: null, addresses: Array<{ address: string; family: number }>) => void)(null, [{ address, family }])
    else callback(null, address, family)
  }
  return {
    host: checked.host, port: checked.port, path: `${checked.url.pathname}${checked.url.search}`, method,
    headers: { ...headers, host: checked.url.host.replace(/\.(?=:|$)/, '') },
    lookup: pinned, agent: false, signal,
    ...(checked.url.protocol === 'https:' && checked.address === undefined ? { servername: checked.host } : {}),
  }
}

/** The method to send; refuses a malformed request (the isolate can send anything). */
function checkRequest(request: FetchRequest): string {
  if (request === null || typeof request !== 'object' || typeof request.url !== 'string') throw new CapabilityRefusal('fetch needs a URL string')
  const method = request.method === undefined ? 'GET' : request.method
  if (typeof method !== 'string' || !methods.has(method.toUpperCase())) throw new CapabilityRefusal(`method ${JSON.stringify(method)} is not allowed (${[...methods].join(', ')})`)
  if (request.body !== undefined && typeof request.body !== 'string') throw new CapabilityRefusal('the body must be a string')
  if (request.headers !== undefined) {
    if (request.headers === null || typeof request.headers !== 'object' || Array.isArray(request.headers)) throw new CapabilityRefusal('headers must be an object of strings')
    const entries = Object.entries(request.headers)
    if (entries.length > maxHeaders) throw new CapabilityRefusal(`more than ${maxHeaders} headers`)
    for (const [name, value] of entries) {
      if (!headerName.test(name)) throw new CapabilityRefusal(`${JSON.stringify(name.slice(0, 100))} is not a valid header name`)
      const lower = name.toLowerCase()
      if (reservedHeaders.has(lower) || lower.startsWith('proxy-')) throw new CapabilityRefusal(`the ${lower} header is set by the host, not the adapter`)
      if (typeof value !== 'string' || /[\r\n\0]/.test(value)) throw new CapabilityRefusal(`header ${name} must be a string without line breaks`)
    }
  }
  return method.toUpperCase()
}
