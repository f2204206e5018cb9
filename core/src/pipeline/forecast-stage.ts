import {
  type AetherRecord, type EnrichmentV1, type Forecast, forecasterPoint, type ForecastInput, type ItemResult, recordId,
  type SignalV1, subjects, type Subscription, type TelemetryV1,
} from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { ForecastWindow } from './forecast-window.js'
import { consumeStage, publishStage, type RunCounts } from './stage-runtime.js'
import { routeItemFailure } from './invalid-records.js'
import { pairResults, settle } from './pair-results.js'

/**
 * Feeds valid (or enriched) records into a ForecastWindow, asks the forecaster about every pool
 * that is due, and publishes forecast.v1 records to `forecasts`.
 */
export function startForecastStage(
  kernel: Kernel, forecasterName: string, inputSubject: string, counts: RunCounts,
): Promise<Subscription> {
  const forecaster = kernel.resolve(forecasterPoint, forecasterName)
  const stage = `forecaster:${forecaster.name}`
  const windows = new Map<string, ForecastWindow>()
  return consumeStage(kernel, 'forecaster', inputSubject, async ({ records, context, traceId }) => {
    let window = windows.get(context.tenant)
    if (window === undefined) {
      window = new ForecastWindow(kernel.config.pipeline.forecast)
      windows.set(context.tenant, window)
    }
    const inputs: ForecastInput[] = []
    for (const record of records) {
      if (record.contract === 'signal.v1') window.addSignal(record as unknown as SignalV1)
      else if (record.contract === 'enrichment.v1') window.addEnrichment(record as unknown as EnrichmentV1)
      else if (record.contract === 'telemetry.v1') {
        const input = window.addSample(record as unknown as TelemetryV1)
        if (input !== undefined) inputs.push(input)
      }
    }
    if (inputs.length === 0) return
    const results = await forecaster.forecastBatch(inputs, context)
    const forecasts: AetherRecord[] = []
    const failures: AetherRecord[] = []
    const failed = (error: string): ItemResult<Forecast> => ({ isOk: false, error })
    for (const { input, result } of pairResults(stage, inputs, results, failed)) {
      const header = {
        source: stage, sourceEventId: `${input.region}/${input.zone ?? ''}/${input.pool}@${input.asOf}`, contract: 'forecast.v1',
      }
      const settled = settle(result)
      if (!settled.isOk) {
        failures.push(routeItemFailure({ ...header, id: recordId(header), tenant: context.tenant, input }, settled.error, stage, counts))
        continue
      }
      // Built field by field, as in the policy stage: a literal that starts with a spread and goes
      // on is several times slower in V8. Same fields, same order.
      const forecast: AetherRecord = {
        source: header.source, sourceEventId: header.sourceEventId, contract: header.contract, id: recordId(header),
        tenant: context.tenant, timestamp: input.asOf, region: input.region,
      }
      if (input.zone !== undefined) forecast.zone = input.zone
      forecast.pool = input.pool
      forecasts.push(Object.assign(forecast, settled.value))
    }
    counts.forecasts += forecasts.length
    await publishStage(kernel, stage, subjects.forecasts, forecasts, traceId)
    await publishStage(kernel, stage, subjects.invalid, failures, traceId)
  })
}
