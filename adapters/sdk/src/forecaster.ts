import type { Forecast, ForecastInput } from '@aether/plugin-api'
import type { AdapterContext } from './adapter-context.js'
import { batchAdapter, type BatchAdapter } from './define-adapter.js'
import { contractIssues, describeIssues, inputSchemas } from './input-contracts.js'
import type { ItemError, Keyed, MaybePromise } from './keyed.js'

/**
 * One pool to forecast: the forecast input (region, zone, pool, `asOf`, recent `telemetry`,
 * `signals`, `enrichments`) with the host's key for it (`id`, its index as a string) and the
 * tenant, which the output must repeat.
 */
export type ForecasterInput = Keyed & ForecastInput

/** A forecast for one input (`probability`, `horizonMinutes`, `model`, `features`; the stage adds the record header), or why there is none. */
export type ForecasterOutput = (Keyed & Forecast) | ItemError

/** A forecaster adapter: P(preemption) per input, in order. */
export interface ForecasterDefinition {
  name: string
  process(inputs: ForecasterInput[], ctx: AdapterContext): MaybePromise<ForecasterOutput[]>
}

/**
 * Defines a forecaster adapter; export it as the module's default.
 *
 * @example
 * export default defineForecaster({
 *   name: 'flat',
 *   process: (inputs) => inputs.map((i) => ({ id: i.id, tenant: i.tenant,
 *     probability: 0.1, horizonMinutes: 60, model: 'flat@1', features: {} })),
 * })
 */
export function defineForecaster(definition: ForecasterDefinition): BatchAdapter<ForecasterInput, ForecasterOutput> {
  return batchAdapter('forecaster', definition, (input) => {
    const issues = contractIssues(inputSchemas.forecaster, input)
    return issues.length === 0 ? undefined : { id: input.id, tenant: input.tenant, error: describeIssues('not a forecast input', issues) }
  })
}
