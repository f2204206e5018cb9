import { Type, type Static } from '@sinclair/typebox'
import { TenantId } from '@aether/plugin-api'
import { LogLevel } from '../logger.js'

/** One plugin to load: a module specifier (package name or path) and its configuration. */
export const PluginEntry = Type.Object({
  use: Type.String({ minLength: 1 }),
  config: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
}, { additionalProperties: false })
export type PluginEntry = Static<typeof PluginEntry>

/** How the forecast stage windows what it has seen before asking the forecaster. */
export const ForecastWindowConfig = Type.Object({
  /** At most one forecast per pool per this many minutes of event time. */
  cadenceMinutes: Type.Integer({ minimum: 1, default: 60 }),
  /** How many recent samples per pool the forecaster sees. */
  telemetrySamples: Type.Integer({ minimum: 1, maximum: 10_000, default: 48 }),
  /** How far back signals of the pool's region count. */
  signalLookbackHours: Type.Number({ minimum: 0, default: 24 }),
}, { additionalProperties: false, default: {} })

/** Which named implementations the pipeline's stages use. */
export const PipelineConfig = Type.Object({
  sources: Type.Array(Type.String({ minLength: 1 }), { default: [] }),
  validator: Type.String({ minLength: 1, default: 'contract' }),
  enricher: Type.Optional(Type.String({ minLength: 1 })),
  forecaster: Type.Optional(Type.String({ minLength: 1 })),
  policy: Type.Optional(Type.String({ minLength: 1 })),
  /** Records per bus message. */
  batchSize: Type.Integer({ minimum: 1, maximum: 100_000, default: 1000 }),
  /** How long the sink waits to fill a write of `batchSize` records before writing what it has. */
  sinkFlushMs: Type.Integer({ minimum: 0, maximum: 60_000, default: 20 }),
  /** A whole-pipeline run whose bus holds work that has not moved for this long ends as stalled. */
  stallTimeoutMs: Type.Integer({ minimum: 100, maximum: 86_400_000, default: 60_000 }),
  forecast: ForecastWindowConfig,
}, { additionalProperties: false, default: {} })
export type PipelineConfig = Static<typeof PipelineConfig>

/** The configuration of a kernel and its pipeline. Layered: defaults < file < env < flags. */
export const AetherConfig = Type.Object({
  /** The tenant the sources of this deployment stamp on every record they produce. */
  tenant: Type.String({ ...TenantId, default: 'default' }),
  log: Type.Object({ level: LogLevel }, { additionalProperties: false, default: {} }),
  metrics: Type.Object({
    /** Port for `GET /metrics`; 0 lets the system pick one, absent serves nothing. */
    port: Type.Optional(Type.Integer({ minimum: 0, maximum: 65_535 })),
  }, { additionalProperties: false, default: {} }),
  bus: Type.Object({
    maxMessagesPerSubject: Type.Integer({ minimum: 1, default: 64 }),
    dedupWindowMs: Type.Integer({ minimum: 0, default: 120_000 }),
    maxDeliver: Type.Integer({ minimum: 1, default: 5 }),
    maxInFlight: Type.Integer({ minimum: 1, default: 2 }),
  }, { additionalProperties: false, default: {} }),
  plugins: Type.Array(PluginEntry, { default: [] }),
  pipeline: PipelineConfig,
}, { additionalProperties: false })
export type AetherConfig = Static<typeof AetherConfig>
