import type { Decision, ForecastV1 } from '@aether/plugin-api'
import type { AdapterContext } from './adapter-context.js'
import { batchAdapter, type BatchAdapter } from './define-adapter.js'
import { contractIssues, describeIssues, inputSchemas } from './input-contracts.js'
import type { ItemError, Keyed, MaybePromise } from './keyed.js'

/** A decision for one forecast (the stage adds the record header), or why there is none. */
export type PolicyOutput = (Keyed & Decision) | ItemError

/** A policy adapter: reads `forecast.v1`, returns a decision with its explanation per forecast, in order. */
export interface PolicyDefinition {
  name: string
  process(forecasts: ForecastV1[], ctx: AdapterContext): MaybePromise<PolicyOutput[]>
}

/**
 * Defines a policy adapter; export it as the module's default.
 *
 * @example
 * export default definePolicy({
 *   name: 'always-hold',
 *   process: (forecasts) => forecasts.map((f) => ({ id: f.id, tenant: f.tenant,
 *     action: 'hold', confidence: 1, policy: 'always-hold@1', explanation: 'never moves' })),
 * })
 */
export function definePolicy(definition: PolicyDefinition): BatchAdapter<ForecastV1, PolicyOutput> {
  return batchAdapter('policy', definition, (forecast) => {
    const issues = contractIssues(inputSchemas.policy, forecast)
    return issues.length === 0 ? undefined : { id: forecast.id, tenant: forecast.tenant, error: describeIssues('not a forecast.v1', issues) }
  })
}
