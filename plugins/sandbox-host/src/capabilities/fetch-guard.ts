import { isIpAddress, refusedAddress } from './address-policy.js'
import type { FetchTarget } from './grants.js'

// The checks on a fetch URL that need no network: all of them run before any DNS query or
// connection. A host name that passes still has its resolved addresses checked (host-fetch.ts).

/** Names of metadata services, refused whatever they resolve to. */
const metadataNames = new Set(['metadata.google.internal', 'metadata.goog', 'metadata', 'instance-data', 'instance-data.ec2.internal'])

/** A URL that passed: where to connect, and whether its name still needs resolving and checking. */
export interface CheckedUrl {
  url: URL
  /** The host for the Host header, TLS server name and DNS: lowercase, no trailing dot, no brackets. */
  host: string
  port: number
  /** The address to connect to when the URL names one (granted exactly by the operator); otherwise resolve `host`. */
  address: string | undefined
}

/**
 * Checks `text` against `allowList`: a WHATWG URL, http or https, no user or password, and a host
 * that equals one on the list exactly (case-insensitive, one trailing dot ignored) with the
 * matching port. An IP address in the URL (in any spelling the URL parser accepts, which it
 * normalizes) passes only when the operator granted that exact address; otherwise it is refused
 * with the reason the address policy gives. Returns the problem as a string when refused.
 */
export function checkFetchUrl(text: string, allowList: readonly FetchTarget[]): CheckedUrl | string {
  let url: URL
  try {
    url = new URL(text)
  } catch {
    return `${JSON.stringify(text.slice(0, 200))} is not a valid absolute URL`
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `${url.protocol} URLs are not allowed, only http: and https:`
  if (url.username !== '' || url.password !== '') return 'the URL carries a user name or password'
  const host = url.hostname.toLowerCase().replace(/\.$/, '')
  const port = url.port === '' ? (url.protocol === 'https:' ? 443 : 80) : Number(url.port)
  const isListed = allowList.some((target) => target.host === host && (target.port === undefined ? url.port === '' : target.port === port))
  const shown = url.port === '' ? host : `${host}:${url.port}`
  if (isIpAddress(host)) {
    const bare = host.replace(/^\[|\]$/g, '')
    if (isListed) return { url, host: bare, port, address: bare }
    const why = refusedAddress(host)
    return why === undefined ? `${shown} is not on the adapter's fetch allow-list` : `${shown} is ${why}`
  }
  if (metadataNames.has(host)) return `${host} is a cloud metadata service`
  if (!isListed) return `${shown} is not on the adapter's fetch allow-list`
  return { url, host, port, address: undefined }
}
