import { Type, type Static } from '@sinclair/typebox'

/** Configuration of the threshold policy. `migrateAt` must be below `drainAt`. */
export const ThresholdPolicyConfig = Type.Object({
  /** P(preemption) from which workloads are migrated off the pool. */
  migrateAt: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5 }),
  /** P(preemption) from which the pool is drained. */
  drainAt: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.8 }),
}, { additionalProperties: false })
export type ThresholdPolicyConfig = Static<typeof ThresholdPolicyConfig>
