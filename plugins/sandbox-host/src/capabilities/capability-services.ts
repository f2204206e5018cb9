import type { CapabilityServices } from './call-capabilities.js'
import type { CapabilityLimits } from './capability-config.js'
import { HostFetch, type HostFetchOptions } from './host-fetch.js'
import { HostKv } from './host-kv.js'

/**
 * The fetch and kv services of a host, from its configured limits; `network.lookup` replaces DNS
 * resolution (tests count it), `network.replay` the network itself (recorded traffic). kv is in
 * memory until the host attaches it to its storage (state/host-state.ts).
 */
export function capabilityServices(limits: CapabilityLimits, network: Pick<HostFetchOptions, 'lookup' | 'replay'> = {}): CapabilityServices {
  return {
    fetch: new HostFetch({ ...limits.fetch, ...network }),
    kv: new HostKv(limits.kv),
    maxRequestChars: limits.maxRequestChars,
    maxPendingPerCall: limits.maxPendingPerCall,
  }
}
