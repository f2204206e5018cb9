import {
  type Decision, DecisionV1, type ForecastV1, type ItemResult, type PolicyEngine, type StageContext,
} from '@aether/plugin-api'
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { failedCallError, itemResult } from './output-shape.js'
import type { SandboxedAdapter } from './sandboxed-adapter.js'

/** What a policy adapter returns per forecast: its id and tenant, with the decision.v1 fields it decides. */
const PolicyOutput = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  action: DecisionV1.properties.action,
  confidence: DecisionV1.properties.confidence,
  policy: DecisionV1.properties.policy,
  explanation: DecisionV1.properties.explanation,
}, { additionalProperties: false })
type PolicyOutput = Static<typeof PolicyOutput>
const checkOutput = TypeCompiler.Compile(PolicyOutput)

/** One output record as the decision on its forecast, its own error, or a contract violation. */
export function decisionOf(record: unknown, index: number): ItemResult<Decision> {
  return itemResult(checkOutput, 'a decision', (output: PolicyOutput) => ({
    action: output.action, confidence: output.confidence, policy: output.policy, explanation: output.explanation,
  }), record, index)
}

/**
 * A policy adapter as an ordinary `aether.policy-engine.v1` implementation: forecast.v1 records
 * in, one decision per forecast out. A failed call fails every forecast with `<CODE>: <reason>`,
 * which the stage keeps as invalid.
 */
export class SandboxedPolicy implements PolicyEngine {
  constructor(private readonly adapter: SandboxedAdapter) {}

  get name(): string {
    return this.adapter.name
  }

  async decideBatch(forecasts: ForecastV1[], context: StageContext): Promise<Array<ItemResult<Decision>>> {
    const result = await this.adapter.call(forecasts, context.tenant, context.logger)
    if (!result.isOk) {
      const error = failedCallError(result)
      return forecasts.map(() => ({ isOk: false, error }))
    }
    return result.records.map(decisionOf)
  }
}
