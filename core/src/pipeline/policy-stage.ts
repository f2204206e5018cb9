import {
  type AetherRecord, type Decision, type ForecastV1, type ItemResult, policyEnginePoint, recordId, subjects,
  type Subscription,
} from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { routeItemFailure } from './invalid-records.js'
import { pairResults, settle } from './pair-results.js'
import { consumeStage, publishStage, type RunCounts } from './stage-runtime.js'

/**
 * Turns each forecast into a decision.v1 record (or, for a per-workload policy, one decision.v2
 * record per workload) and publishes them to `decisions`.
 */
export function startPolicyStage(kernel: Kernel, policyName: string, counts: RunCounts): Promise<Subscription> {
  const policy = kernel.resolve(policyEnginePoint, policyName)
  const stage = `policy:${policy.name}`
  return consumeStage(kernel, 'policy', subjects.forecasts, async ({ records, context, traceId }) => {
    const forecasts = records as unknown as ForecastV1[]
    const results = await policy.decideBatch(forecasts, context)
    const decisions: AetherRecord[] = []
    const failures: AetherRecord[] = []
    const failed = (error: string): ItemResult<Decision> => ({ isOk: false, error })
    for (const { input: forecast, result } of pairResults(stage, forecasts, results, failed)) {
      const settled = settle(result)
      if (!settled.isOk) {
        failures.push(routeItemFailure(forecast as unknown as AetherRecord, settled.error, stage, counts))
        continue
      }
      const { workloads } = settled.value
      if (workloads === undefined) {
        decisions.push(decisionRecord(stage, 'decision.v1', forecast.id, forecast, context.tenant, settled.value))
        continue
      }
      // A per-workload policy: one decision.v2 per workload, each with an id of its own.
      for (const workload of workloads) {
        decisions.push(decisionRecord(stage, 'decision.v2', `${forecast.id}/${workload.workload}`, forecast, context.tenant, workload))
      }
    }
    counts.decisions += decisions.length
    for (const { action } of decisions) {
      // Only the actions the decision contracts name are counted.
      if (action === 'hold' || action === 'migrate' || action === 'drain') counts.decisionsByAction[action] += 1
    }
    await publishStage(kernel, stage, subjects.decisions, decisions, traceId)
    await publishStage(kernel, stage, subjects.invalid, failures, traceId)
  })
}

/** A decision record: the header, the forecast's place and probability, then what the policy decided. */
function decisionRecord(
  stage: string, contract: string, sourceEventId: string, forecast: ForecastV1, tenant: string, decided: object,
): AetherRecord {
  const header = { source: stage, sourceEventId, contract }
  // Built field by field: in V8, a literal that starts with a spread and goes on (`{ ...header,
  // id, ... }`) costs about ten times as much per record. Same fields, same order.
  const decision: AetherRecord = {
    source: header.source, sourceEventId: header.sourceEventId, contract: header.contract, id: recordId(header),
    tenant, timestamp: forecast.timestamp, region: forecast.region,
  }
  if (forecast.zone !== undefined) decision.zone = forecast.zone
  decision.pool = forecast.pool
  decision.forecastId = forecast.id
  decision.probability = forecast.probability
  return Object.assign(decision, decided)
}
