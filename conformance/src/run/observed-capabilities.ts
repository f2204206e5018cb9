import {
  type AdapterCapabilities, type Capabilities, CapabilityLimits, capabilityServices, type InstalledAdapter,
} from '@aether/plugin-sandbox-host'
import { Value } from '@sinclair/typebox/value'

/** A capability an adapter used during the run, and whether its manifest declares it. */
export interface CapabilityUse {
  capability: 'fetch' | 'kv'
  /** The host a fetch named, or the kv operation. */
  detail: string
  isDeclared: boolean
}

/** A host no adapter may declare, so that ctx.fetch exists for an adapter that declared none. */
export const probeHost = 'conformance-probe.invalid'

/**
 * The capabilities the harness gives an adapter: ctx.fetch and ctx.kv always exist, so that an
 * undeclared use is seen and recorded instead of ending as a TypeError. The sandbox host's own
 * fetch refuses every host the manifest does not declare (the refusal fails the call, as in
 * production); kv works, and each use is recorded. The harness runs offline: a fetch to a
 * declared host is recorded and fails at DNS, so no adapter reaches the network during a run.
 */
export function observedCapabilities(adapter: InstalledAdapter): { capabilities: AdapterCapabilities; uses: CapabilityUse[] } {
  const uses: CapabilityUse[] = []
  const declaredHosts = new Set(adapter.requested.fetch.map((target) => target.host))
  const limits = Value.Default(CapabilityLimits, {}) as CapabilityLimits
  const lookup = async (host: string): Promise<Array<{ address: string; family: number }>> => {
    uses.push({ capability: 'fetch', detail: host, isDeclared: declaredHosts.has(host) })
    throw new Error(`the conformance harness runs offline; ${host} was not resolved`)
  }
  const services = capabilityServices(limits, lookup)
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
