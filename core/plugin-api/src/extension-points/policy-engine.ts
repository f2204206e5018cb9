import type { DecisionV1 } from '../contracts/decision-v1.js'
import type { ForecastV1 } from '../contracts/forecast-v1.js'
import type { ItemResult, Named, StageContext } from './extension-point.js'

/** What a policy decides for one forecast; the stage adds the record header. */
export type Decision = Pick<DecisionV1, 'action' | 'confidence' | 'policy' | 'explanation'>

/** Turns forecasts into decisions with explanations. One result per forecast, same order. */
export interface PolicyEngine extends Named {
  decideBatch(forecasts: ForecastV1[], context: StageContext): Promise<Array<ItemResult<Decision>>>
}
