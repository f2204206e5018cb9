import {
  type AdapterCapabilities, type Capabilities, CapabilityLimits, capabilityServices, type InstalledAdapter,
} from '@aether/plugin-sandbox-host'
import { Value } from '@sinclair/typebox/value'
import type { Recordings } from '../recorded/read-recordings.js'
import { recordedFarSide } from '../recorded/recorded-far-side.js'

/** A capability an adapter used during the run, and whether its manifest declares it. */
export interface CapabilityUse {
  capability: 'fetch' | 'kv'
  /** The host a fetch named, or the kv operation. */
  detail: string
  isDeclared: boolean
  /** For a fetch the recorded traffic does not answer: the request (method and URL). */
  unrecorded?: string
}

/** A host no adapter may declare, so that ctx.fetch exists for an adapter that declared none. */
export const probeHost = 'conformance-probe.invalid'

/**
 * The capabilities the harness gives an adapter instance: ctx.fetch and ctx.kv always exist, so
 * that an undeclared use is seen and recorded instead of ending as a TypeError. Both go through
 * the sandbox host's own capability path: its fetch refuses every host the manifest does not
 * declare (the refusal fails the call, as in production), and a request it lets through is
 * answered from the adapter's recorded traffic instead of the network (the harness runs
 * offline); a request the recordings do not answer fails as a network error would, and is
 * recorded. kv works as in production, empty for a new instance, and each use is recorded.
 */
export function observedCapabilities(adapter: InstalledAdapter, recordings: Recordings): { capabilities: AdapterCapabilities; uses: CapabilityUse[] } {
  const uses: CapabilityUse[] = []
  const declaredHosts = new Set(adapter.requested.fetch.map((target) => target.host))
  const limits = Value.Default(CapabilityLimits, {}) as CapabilityLimits
  const farSide = recordedFarSide(recordings)
  const services = capabilityServices(limits, {
    replay: async (request) => {
      const hostname = new URL(request.url).hostname.toLowerCase().replace(/\.$/, '')
      const response = farSide(request)
      const use: CapabilityUse = { capability: 'fetch', detail: hostname, isDeclared: declaredHosts.has(hostname) }
      uses.push(response === undefined ? { ...use, unrecorded: `${request.method} ${request.url}` } : use)
      if (response === undefined) throw new Error(`fetch failed: the conformance harness runs offline, and no exchange of ${recordings.file} answers ${request.method} ${request.url}`)
      return response
    },
  })
  const { kv } = services
  for (const operation of ['get', 'set', 'delete'] as const) {
    const original = kv[operation].bind(kv) as (...args: unknown[]) => unknown
    Object.defineProperty(kv, operation, {
      value: (...args: unknown[]) => {
        uses.push({ capability: 'kv', detail: `kv.${operation}`, isDeclared: adapter.requested.kv })
        return original(...args)
      },
    })
  }
  const granted: Capabilities = {
    fetch: adapter.requested.fetch.length > 0 ? adapter.requested.fetch : [{ host: probeHost, port: undefined }],
    kv: true,
  }
  return { capabilities: { granted, services }, uses }
}
