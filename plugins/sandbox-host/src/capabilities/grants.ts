import { AdapterCapabilitiesUnsupported, AdapterGrantInvalid, AdapterManifestInvalid } from '../errors.js'

// What an adapter may use: its manifest requests capabilities ("fetch:api.example.com", "kv"),
// the operator grants some of them in the sandbox-host entry ("fetch=api.example.com", "kv"),
// and only what is both requested and granted exists in its ctx. Deny by default: nothing granted
// means ctx has no fetch and no kv.

/** One host a fetch may reach. `port` undefined: the scheme's default port only. */
export interface FetchTarget {
  /** Lowercase, without a trailing dot; an IPv4 address dotted, an IPv6 address in brackets (as the URL parser writes them). */
  host: string
  port: number | undefined
}

/** Capabilities as requested, granted, or both. */
export interface Capabilities {
  fetch: FetchTarget[]
  kv: boolean
}

export const noCapabilities: Capabilities = Object.freeze({ fetch: [], kv: false })

/** Reads a manifest's `capabilities`; refuses a malformed target or an unknown capability. */
export function requestedCapabilities(list: readonly string[], manifestFile: string): Capabilities {
  const unknown: string[] = []
  const requested: Capabilities = { fetch: [], kv: false }
  for (const [index, entry] of list.entries()) {
    if (entry === 'kv') requested.kv = true
    else if (entry.startsWith('fetch:')) {
      const target = parseFetchTarget(entry.slice('fetch:'.length))
      if (typeof target === 'string') throw new AdapterManifestInvalid([manifestFile, `capabilities.${index}`, `"${entry}": ${target}`])
      requested.fetch.push(target)
    } else unknown.push(entry)
  }
  if (unknown.length > 0) throw new AdapterCapabilitiesUnsupported([`Adapter manifest ${manifestFile}`, unknown])
  return requested
}

/**
 * What the operator's `grants` give an adapter that requested `requested`. A malformed grant, or
 * one for something not requested, is refused (a typo must not pass silently); what is requested
 * but not granted is simply absent, and listed in `ungranted` for the host to log.
 */
export function grantedCapabilities(requested: Capabilities, grants: readonly string[], path: string): { granted: Capabilities; ungranted: string[] } {
  const granted: Capabilities = { fetch: [], kv: false }
  for (const grant of grants) {
    if (grant === 'kv') {
      if (!requested.kv) throw new AdapterGrantInvalid([path, grant, 'which its manifest does not request'])
      granted.kv = true
    } else if (grant.startsWith('fetch=')) {
      const target = parseFetchTarget(grant.slice('fetch='.length))
      if (typeof target === 'string') throw new AdapterGrantInvalid([path, grant, `which is malformed: ${target}`])
      if (!requested.fetch.some((wanted) => sameTarget(wanted, target))) throw new AdapterGrantInvalid([path, grant, 'which its manifest does not request'])
      if (!granted.fetch.some((known) => sameTarget(known, target))) granted.fetch.push(target)
    } else {
      throw new AdapterGrantInvalid([path, grant, 'which is not a capability'])
    }
  }
  const ungranted = [
    ...requested.fetch.filter((wanted) => !granted.fetch.some((target) => sameTarget(target, wanted))).map((target) => `fetch:${targetText(target)}`),
    ...(requested.kv && !granted.kv ? ['kv'] : []),
  ]
  return { granted, ungranted }
}

/** `host` or `host:port`, as written in manifests and grants. */
export function targetText(target: FetchTarget): string {
  return target.port === undefined ? target.host : `${target.host}:${target.port}`
}

function sameTarget(a: FetchTarget, b: FetchTarget): boolean {
  return a.host === b.host && a.port === b.port
}

/**
 * `host[:port]` → a target, or the problem. The host must already be in the URL parser's
 * canonical form (lowercase aside; one trailing dot allowed), so `2130706433` or `0x7f.1` is
 * refused rather than silently meaning 127.0.0.1.
 */
export function parseFetchTarget(text: string): FetchTarget | string {
  const match = /^(\[[0-9a-fA-F:.]+\]|[^:[\]/@?#\\\s%]+)(?::(\d{1,5}))?$/.exec(text)
  if (match === null) return 'expected a host name or address, optionally with :port (no scheme, path or user)'
  const written = (match[1] as string).toLowerCase().replace(/\.$/, '')
  let host: string
  try {
    host = new URL(`http://${written}/`).hostname
  } catch {
    return `"${match[1]}" is not a valid host`
  }
  if (host !== written) return `write the host as "${host}"`
  const port = match[2] === undefined ? undefined : Number(match[2])
  if (port !== undefined && (port < 1 || port > 65_535)) return `port ${port} is out of range`
  return { host, port }
}
