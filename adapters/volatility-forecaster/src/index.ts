import { defineForecaster } from '@aether/adapter-sdk'
import { model, preemptionProbability } from './logistic-model.js'
import { signalFeatures } from './signal-features.js'
import { telemetryFeatures } from './telemetry-features.js'

/** The horizon every forecast is for. */
const horizonMinutes = 60

// Six decimals keep forecasts the same across platforms' last-bit float differences.
const round = (value: number) => Math.round(value * 1e6) / 1e6

export default defineForecaster({
  name: 'volatility-logistic',
  process(inputs, ctx) {
    ctx.log(`forecasting ${inputs.length} pools for ${ctx.tenant}`)
    return inputs.map((input) => {
      if (input.telemetry.length === 0) return { id: input.id, tenant: input.tenant, error: `no telemetry for ${input.pool} in ${input.region}` }
      const features = { ...telemetryFeatures(input.telemetry), ...signalFeatures(input.signals, input.enrichments, input.asOf) }
      const { probability, score } = preemptionProbability(features)
      const rounded = Object.fromEntries(Object.entries({ ...features, score }).map(([name, value]) => [name, round(value)]))
      return { id: input.id, tenant: input.tenant, probability: round(probability), horizonMinutes, model, features: { ...rounded, samples: input.telemetry.length, signals: input.signals.length } }
    })
  },
})
