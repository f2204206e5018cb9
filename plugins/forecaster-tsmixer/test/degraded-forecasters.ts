import type { Forecast, ForecastInput, Forecaster, ItemResult, StageContext } from '@aether/plugin-api'
import { setTimeout as sleep } from 'node:timers/promises'

/** Test-built degraded variant: the same forecaster, answering `delayMs` later. */
export class SlowedForecaster implements Forecaster {
  readonly name = 'slowed'
  constructor(private readonly inner: Forecaster, private readonly delayMs: number) {}

  async forecastBatch(inputs: ForecastInput[], context: StageContext): Promise<Array<ItemResult<Forecast>>> {
    await sleep(this.delayMs)
    return this.inner.forecastBatch(inputs, context)
  }
}

/** Test-built degraded variant: the same forecaster with its probabilities turned around (1 − p). */
export class InvertedForecaster implements Forecaster {
  readonly name = 'inverted'
  constructor(private readonly inner: Forecaster) {}

  async forecastBatch(inputs: ForecastInput[], context: StageContext): Promise<Array<ItemResult<Forecast>>> {
    const results = await this.inner.forecastBatch(inputs, context)
    return results.map((result) => (result.isOk ? { isOk: true, value: { ...result.value, probability: Math.round((1 - result.value.probability) * 1e6) / 1e6 } } : result))
  }
}
