import { Type, type Static } from '@sinclair/typebox'
import type { DecisionV1 } from './decision-v1.js'
import type { DecisionV2 } from './decision-v2.js'
import type { EnrichmentV1 } from './enrichment-v1.js'
import type { ForecastV1 } from './forecast-v1.js'
import type { InvalidRecord } from './invalid-record.js'
import type { SignalV1 } from './signal-v1.js'
import type { TelemetryV1 } from './telemetry-v1.js'

/**
 * The header every record on the bus has; payload fields depend on `contract`. Raw records are
 * not validated yet, so only the types are fixed here; each contract's own schema checks the rest.
 */
export const RecordHeader = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  contract: Type.String(),
  source: Type.Optional(Type.String()),
  sourceEventId: Type.Optional(Type.String()),
  timestamp: Type.Optional(Type.String()),
})
export type RecordHeader = Static<typeof RecordHeader>

/** Any record on the bus. Raw records from sources are not validated yet, so they are open. */
export type AetherRecord = RecordHeader & Record<string, unknown>

/** The records Aether's own contracts define. */
export type KnownRecord = SignalV1 | TelemetryV1 | EnrichmentV1 | ForecastV1 | DecisionV1 | DecisionV2 | InvalidRecord

/**
 * What a source produces: a record without `id` and `tenant`, which the source stage stamps.
 * Fields may be missing or of the wrong type; the validator decides.
 */
export type DraftRecord = { contract: string; source: string; sourceEventId: string } & Record<string, unknown>
