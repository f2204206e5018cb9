import { Type, type Static } from '@sinclair/typebox'
import { AttributeValue } from './rules/rules-file.js'

/** A workload the rules policy decides for: where it runs and the attributes rules match on. */
export const Workload = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 200 }),
  /** Only this tenant's forecasts concern it; absent: any tenant. */
  tenant: Type.Optional(Type.String({ minLength: 1 })),
  region: Type.Optional(Type.String({ minLength: 1 })),
  zone: Type.Optional(Type.String({ minLength: 1 })),
  pool: Type.String({ minLength: 1 }),
  attributes: Type.Record(Type.String(), AttributeValue, { default: {} }),
}, { additionalProperties: false })
export type Workload = Static<typeof Workload>

/** Configuration of the rules policy (`rules@1`). */
export const RulesPolicyConfig = Type.Object({
  /** The rules file (JSON), relative to the configuration file. */
  path: Type.String({ minLength: 1 }),
  /** Reload the rules when the file changes, without a restart. */
  watch: Type.Boolean({ default: true }),
  /**
   * The workloads on each pool. A forecast for a pool with none listed is decided as one
   * workload named `<zone or region>/<pool>`, with no attributes.
   */
  workloads: Type.Array(Workload, { default: [] }),
}, { additionalProperties: false })
export type RulesPolicyConfig = Static<typeof RulesPolicyConfig>
