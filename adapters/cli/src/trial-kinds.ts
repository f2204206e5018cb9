import type { ForecastInput, ForecastV1, ItemResult, SignalV1, StageContext } from '@aether/plugin-api'
import {
  type AdapterKind, type SandboxedAdapter, SandboxedEnricher, SandboxedForecaster, SandboxedPolicy, SandboxedSource, SandboxedValidator,
} from '@aether/plugin-sandbox-host'

/**
 * Runs one call of `adapter` through the sandbox host's class for its kind, exactly as the
 * pipeline's stage calls it, and returns the per-item errors and invalid reasons the host gave
 * (a source: none; its refused poll throws AETHER_E_SANDBOX_SOURCE_FAILED). `inputs` were checked
 * to be what the kind reads (sample-records.ts).
 */
export async function runKind(kind: AdapterKind, adapter: SandboxedAdapter, inputs: unknown[], context: StageContext): Promise<string[]> {
  switch (kind) {
    case 'enricher': return errorsOf(await new SandboxedEnricher(adapter).enrichBatch(inputs as SignalV1[], context))
    case 'forecaster': return errorsOf(await new SandboxedForecaster(adapter).forecastBatch(inputs as ForecastInput[], context))
    case 'policy': return errorsOf(await new SandboxedPolicy(adapter).decideBatch(inputs as ForecastV1[], context))
    case 'validator': {
      const verdicts = await new SandboxedValidator(adapter).validateBatch(inputs, context)
      return verdicts.flatMap((verdict) => verdict.isValid ? [] : [verdict.reason])
    }
    case 'source': {
      // One poll: the trial shows what a run's first poll gives and the cursor it hands on.
      for await (const batch of new SandboxedSource(adapter, { maxPolls: 1, maxRecordsPerPoll: 10_000 }).read(context)) void batch
      return []
    }
  }
}

function errorsOf(results: Array<ItemResult<unknown>>): string[] {
  return results.flatMap((result) => result.isOk ? [] : [result.error])
}
