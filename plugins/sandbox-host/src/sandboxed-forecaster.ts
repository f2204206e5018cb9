import {
  type Forecast, type Forecaster, type ForecastInput, ForecastV1, type ItemResult, type StageContext,
} from '@aether/plugin-api'
import { Type, type Static } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { failedCallError, itemResult } from './output-shape.js'
import type { SandboxedAdapter } from './sandboxed-adapter.js'

/** What a forecaster adapter gets per pool: the forecast input with the host's key for it (`id`) and the tenant. */
export type ForecasterAdapterInput = ForecastInput & { id: string; tenant: string }

/** What it returns per input: the key and tenant repeated, with the forecast.v1 fields it computes. */
const ForecasterOutput = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  probability: ForecastV1.properties.probability,
  horizonMinutes: ForecastV1.properties.horizonMinutes,
  model: ForecastV1.properties.model,
  features: ForecastV1.properties.features,
}, { additionalProperties: false })
type ForecasterOutput = Static<typeof ForecasterOutput>
const checkOutput = TypeCompiler.Compile(ForecasterOutput)

/** One output record as the forecast of its input, its own error, or a contract violation. */
export function forecastOf(record: unknown, index: number): ItemResult<Forecast> {
  return itemResult(checkOutput, 'a forecast', (output: ForecasterOutput) => ({
    probability: output.probability, horizonMinutes: output.horizonMinutes, model: output.model, features: output.features,
  }), record, index)
}

/**
 * A forecaster adapter as an ordinary `aether.forecaster.v1` implementation. A forecast input has
 * no id or tenant, so the host gives each one a key (its index) and the tenant, and the reply
 * must repeat both: a reply for another input cannot be taken for this one. A failed call fails
 * every input with `<CODE>: <reason>`, which the stage keeps as invalid.
 */
export class SandboxedForecaster implements Forecaster {
  constructor(private readonly adapter: SandboxedAdapter) {}

  get name(): string {
    return this.adapter.name
  }

  async forecastBatch(inputs: ForecastInput[], context: StageContext): Promise<Array<ItemResult<Forecast>>> {
    const keyed: ForecasterAdapterInput[] = inputs.map((input, index) => ({ ...input, id: String(index), tenant: context.tenant }))
    const result = await this.adapter.call(keyed, context.tenant, context.logger)
    if (!result.isOk) {
      const error = failedCallError(result)
      return inputs.map(() => ({ isOk: false, error }))
    }
    return result.records.map(forecastOf)
  }
}
