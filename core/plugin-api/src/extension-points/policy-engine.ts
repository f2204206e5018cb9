import type { DecisionV1 } from '../contracts/decision-v1.js'
import type { DecisionV2 } from '../contracts/decision-v2.js'
import type { ForecastV1 } from '../contracts/forecast-v1.js'
import type { ItemResult, Named, StageContext } from './extension-point.js'

/** What a policy decides for one workload on the forecast's pool; the stage adds the record header. */
export type WorkloadDecision = Pick<DecisionV2,
  'workload' | 'action' | 'confidence' | 'riskAllocation' | 'policy' | 'explanation' | 'details'>

/**
 * What a policy decides for one forecast; the stage adds the record header. A policy that decides
 * per workload also lists `workloads`: the stage then publishes one decision.v2 record per entry
 * instead of the one decision.v1 record, so engines without workloads are unchanged.
 */
export type Decision = Pick<DecisionV1, 'action' | 'confidence' | 'policy' | 'explanation'> & {
  workloads?: WorkloadDecision[]
}

/** Turns forecasts into decisions with explanations. One result per forecast, same order. */
export interface PolicyEngine extends Named {
  decideBatch(forecasts: ForecastV1[], context: StageContext): Promise<Array<ItemResult<Decision>>>
}
