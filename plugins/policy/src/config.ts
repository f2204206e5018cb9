import { Type, type Static } from '@sinclair/typebox'
import { RulesPolicyConfig } from './rules-config.js'

/** Configuration of the threshold policy. `migrateAt` must be below `drainAt`. */
export const ThresholdPolicyConfig = Type.Object({
  /** P(preemption) from which workloads are migrated off the pool. */
  migrateAt: Type.Number({ exclusiveMinimum: 0, exclusiveMaximum: 1, default: 0.5 }),
  /** P(preemption) from which the pool is drained. */
  drainAt: Type.Number({ exclusiveMinimum: 0, maximum: 1, default: 0.8 }),
}, { additionalProperties: false })
export type ThresholdPolicyConfig = Static<typeof ThresholdPolicyConfig>

/**
 * Configuration of the policy plugin: the threshold policy's cut-offs, and optionally `rules`,
 * which also provides the `rules` policy (`rules@1`) for pipelines that name it.
 */
export const PolicyPluginConfig = Type.Object({
  ...ThresholdPolicyConfig.properties,
  rules: Type.Optional(RulesPolicyConfig),
}, { additionalProperties: false })
export type PolicyPluginConfig = Static<typeof PolicyPluginConfig>
