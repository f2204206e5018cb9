import { Type, type Static } from '@sinclair/typebox'
import { CapabilityLimits } from './capabilities/capability-config.js'
import { BreakerConfig } from './guards/breaker-config.js'
import { UsageConfig } from './metering/usage-config.js'

/** One installed adapter. */
export const AdapterEntry = Type.Object({
  /** The adapter folder, or the .tgz `npm pack` made of it (`.tgz`/`.tar.gz`), relative to the configuration file's folder. */
  path: Type.String({ minLength: 1 }),
  /** Capabilities the operator grants it, `fetch=<host>[:<port>]` and `kv`, each one its manifest requests. */
  grants: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  /** For a source adapter: polls per run (1000) and records per poll (10000); see sandboxed-source.ts. */
  source: Type.Optional(Type.Object({
    maxPolls: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000 })),
    maxRecordsPerPoll: Type.Optional(Type.Integer({ minimum: 1, maximum: 100_000 })),
  }, { additionalProperties: false })),
}, { additionalProperties: false })
export type AdapterEntry = Static<typeof AdapterEntry>

/** The most any adapter may ask for; a manifest above one of these is refused at start. */
export const OperatorMaxima = Type.Object({
  timeoutMs: Type.Integer({ minimum: 10, default: 5_000 }),
  memoryMb: Type.Integer({ minimum: 8, default: 128 }),
  maxOutputBytes: Type.Integer({ minimum: 2, default: 8 * 1024 * 1024 }),
  /** CPU ms per adapter per UTC day; also the budget of an adapter whose manifest sets none. */
  cpuMsPerDay: Type.Integer({ minimum: 1, default: 3_600_000 }),
}, { additionalProperties: false, default: {} })
export type OperatorMaxima = Static<typeof OperatorMaxima>

/** Configuration of the sandbox host plugin. */
export const SandboxHostConfig = Type.Object({
  adapters: Type.Array(AdapterEntry, { default: [] }),
  /** Sandbox processes; each runs one call at a time. */
  poolSize: Type.Integer({ minimum: 1, maximum: 16, default: 2 }),
  maxima: OperatorMaxima,
  /** Log lines an adapter may write per call, and the length each is cut to. */
  log: Type.Object({
    maxLinesPerCall: Type.Integer({ minimum: 0, maximum: 10_000, default: 100 }),
    maxLineChars: Type.Integer({ minimum: 1, maximum: 100_000, default: 1_000 }),
  }, { additionalProperties: false, default: {} }),
  /** Limits of the granted capabilities: fetch time and size, kv quota. */
  capabilities: CapabilityLimits,
  breaker: BreakerConfig,
  usage: UsageConfig,
}, { additionalProperties: false })
export type SandboxHostConfig = Static<typeof SandboxHostConfig>
