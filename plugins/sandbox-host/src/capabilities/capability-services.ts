import type { CapabilityServices } from './call-capabilities.js'
import type { CapabilityLimits } from './capability-config.js'
import { HostFetch, type HostFetchOptions } from './host-fetch.js'
import { KvStore } from './kv-store.js'

/** The fetch and kv services of a host, from its configured limits; `lookup` replaces DNS resolution (tests count it). */
export function capabilityServices(limits: CapabilityLimits, lookup?: HostFetchOptions['lookup']): CapabilityServices {
  return {
    fetch: new HostFetch({ ...limits.fetch, ...(lookup === undefined ? {} : { lookup }) }),
    kv: new KvStore(limits.kv),
    maxRequestChars: limits.maxRequestChars,
    maxPendingPerCall: limits.maxPendingPerCall,
  }
}
