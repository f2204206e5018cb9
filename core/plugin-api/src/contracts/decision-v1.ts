import { Type, type Static } from '@sinclair/typebox'
import { recordHeader, Timestamp } from './record-fields.js'

/** What to do with workloads on a pool. */
export const DecisionAction = Type.Union([
  Type.Literal('hold'), Type.Literal('migrate'), Type.Literal('drain'),
])
export type DecisionAction = Static<typeof DecisionAction>

/** A policy engine's decision for one forecast, with the explanation stored beside it. */
export const DecisionV1 = Type.Object({
  ...recordHeader('decision.v1'),
  timestamp: Timestamp,
  region: Type.String({ minLength: 1, maxLength: 100 }),
  zone: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
  pool: Type.String({ minLength: 1, maxLength: 100 }),
  forecastId: Type.String({ pattern: '^[0-9a-f]{32}$' }),
  action: DecisionAction,
  probability: Type.Number({ minimum: 0, maximum: 1 }),
  /** How sure the policy is of the action, 0 .. 1. */
  confidence: Type.Number({ minimum: 0, maximum: 1 }),
  /** The policy and its version, e.g. `threshold@1`. */
  policy: Type.String({ minLength: 1, maxLength: 100 }),
  explanation: Type.String({ minLength: 1, maxLength: 4000 }),
}, { $id: 'decision.v1', additionalProperties: false })
export type DecisionV1 = Static<typeof DecisionV1>
