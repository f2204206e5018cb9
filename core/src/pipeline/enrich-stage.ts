import {
  type AetherRecord, enricherPoint, type Enrichment, type ItemResult, recordId, type SignalV1, subjects,
  type Subscription,
} from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { routeItemFailure } from './invalid-records.js'
import { pairResults, settle } from './pair-results.js'
import { consumeStage, publishStage, type RunCounts } from './stage-runtime.js'

/**
 * Enriches the signals of `signals.valid` and publishes to `signals.enriched` every record it
 * received (telemetry passes through) followed by the enrichment.v1 records. A signal the
 * enricher fails on still passes on, without features, and the failure goes to `signals.invalid`.
 */
export function startEnrichStage(kernel: Kernel, enricherName: string, counts: RunCounts): Promise<Subscription> {
  const enricher = kernel.resolve(enricherPoint, enricherName)
  const stage = `enricher:${enricher.name}`
  return consumeStage(kernel, 'enricher', subjects.valid, async ({ records, context, traceId }) => {
    const signals = records.filter((record): record is AetherRecord & SignalV1 => record.contract === 'signal.v1')
    const results = signals.length === 0 ? [] : await enricher.enrichBatch(signals, context)
    const enrichments: AetherRecord[] = []
    const failures: AetherRecord[] = []
    const failed = (error: string): ItemResult<Enrichment> => ({ isOk: false, error })
    for (const { input: signal, result } of pairResults(stage, signals, results, failed)) {
      const settled = settle(result)
      if (!settled.isOk) {
        failures.push(routeItemFailure(signal, settled.error, stage, counts))
        continue
      }
      const header = { source: stage, sourceEventId: signal.id, contract: 'enrichment.v1' }
      // Built field by field, as in the policy stage (a leading spread is slow in V8); same order.
      enrichments.push(Object.assign({
        source: header.source, sourceEventId: header.sourceEventId, contract: header.contract, id: recordId(header),
        tenant: context.tenant, timestamp: signal.timestamp, region: signal.region, signalId: signal.id,
      }, settled.value))
    }
    counts.enrichments += enrichments.length
    await publishStage(kernel, stage, subjects.enriched, [...records, ...enrichments], traceId)
    await publishStage(kernel, stage, subjects.invalid, failures, traceId)
  })
}
