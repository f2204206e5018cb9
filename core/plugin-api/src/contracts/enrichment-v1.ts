import { Type, type Static } from '@sinclair/typebox'
import { recordHeader, Timestamp } from './record-fields.js'

const Unit = Type.Number({ minimum: 0, maximum: 1 })

/** Semantic features of one signal: `V_news` and `B_capacity`, versioned by `model`. */
export const EnrichmentV1 = Type.Object({
  ...recordHeader('enrichment.v1'),
  timestamp: Timestamp,
  region: Type.String({ minLength: 1, maxLength: 100 }),
  /** Id of the signal.v1 record these features describe. */
  signalId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  vNews: Type.Object({
    /** -1 (very negative) .. 1 (very positive). */
    sentiment: Type.Number({ minimum: -1, maximum: 1 }),
    volatilityLikelihood: Unit,
  }, { additionalProperties: false }),
  /** How much the signal says capacity is constrained, 0 .. 1. */
  bCapacity: Unit,
  /** The enrichment model and its version, e.g. `keyword-lexicon@1`. */
  model: Type.String({ minLength: 1, maxLength: 100 }),
}, { $id: 'enrichment.v1', additionalProperties: false })
export type EnrichmentV1 = Static<typeof EnrichmentV1>
