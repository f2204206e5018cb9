import { Type, type Static } from '@sinclair/typebox'

/** How far granted capabilities go; the same for every adapter of the host. */
export const CapabilityLimits = Type.Object({
  fetch: Type.Object({
    /** Most time one fetch may take; what is left of the call's deadline bounds it too. */
    timeoutMs: Type.Integer({ minimum: 10, default: 5_000 }),
    /** Most bytes of one response body; a larger one is refused. */
    maxResponseBytes: Type.Integer({ minimum: 1, default: 1024 * 1024 }),
  }, { additionalProperties: false, default: {} }),
  kv: Type.Object({
    /** Most keys per adapter and tenant. */
    maxKeys: Type.Integer({ minimum: 1, default: 1_000 }),
    /** Most UTF-8 bytes of keys and values per adapter and tenant. */
    maxBytes: Type.Integer({ minimum: 1, default: 1024 * 1024 }),
  }, { additionalProperties: false, default: {} }),
  /** Most characters of one request (a fetch with its body, a kv value) from the isolate. */
  maxRequestChars: Type.Integer({ minimum: 100, default: 1024 * 1024 }),
  /** Capability calls one adapter call may have in flight at once. */
  maxPendingPerCall: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
}, { additionalProperties: false, default: {} })
export type CapabilityLimits = Static<typeof CapabilityLimits>
