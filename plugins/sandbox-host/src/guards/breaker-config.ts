import { Type, type Static } from '@sinclair/typebox'

/** When an adapter's circuit breaker opens and for how long (docs/operations.md). */
export const BreakerConfig = Type.Object({
  /** Failed calls in a row that open the breaker. */
  consecutiveFailures: Type.Integer({ minimum: 1, maximum: 1_000, default: 5 }),
  /** How long an open breaker refuses calls before it lets one probe through. */
  coolDownMs: Type.Integer({ minimum: 10, maximum: 86_400_000, default: 30_000 }),
}, { additionalProperties: false, default: {} })
export type BreakerConfig = Static<typeof BreakerConfig>
