import type { Forecast, ForecastInput, Forecaster, ItemResult, StageContext } from '@aether/plugin-api'
import type { HeuristicForecasterConfig } from './config.js'
import { riskFeatures, type RiskFeatures } from './risk-features.js'

/** Identifies the model in every forecast it makes; bump when the formula changes. */
export const heuristicModel = 'heuristic-baseline@1'

// Hand-set weights of a logistic score: recent lack of capacity dominates, price spikes and
// incidents in the region add to it. A base of -3 gives about 5 % when nothing is wrong.
const weights = { base: -3, unavailableShare: 5, priceZ: 0.6, spotToOnDemand: 1.5, incidentScore: 1.2 }

/**
 * The baseline every learned model is measured against, and the fallback when a model is missing
 * or failing: a logistic score over a few transparent features of the pool and its region.
 */
export class HeuristicForecaster implements Forecaster {
  readonly name = 'heuristic-baseline'

  constructor(private readonly config: HeuristicForecasterConfig) {}

  async forecastBatch(inputs: ForecastInput[], _context: StageContext): Promise<Array<ItemResult<Forecast>>> {
    return inputs.map((input) => {
      if (input.telemetry.length === 0) return { isOk: false, error: `no telemetry for ${input.pool} in ${input.region}` }
      const features = riskFeatures(input, this.config.signalHalfLifeHours)
      return {
        isOk: true,
        value: {
          probability: round(probability(features)),
          horizonMinutes: this.config.horizonMinutes,
          model: heuristicModel,
          features: roundAll(features),
        },
      }
    })
  }
}

/** P(preemption) from the features. */
export function probability(features: RiskFeatures): number {
  const score = weights.base
    + weights.unavailableShare * features.unavailableShare
    + weights.priceZ * Math.max(0, Math.min(features.priceZ, 4))
    + weights.spotToOnDemand * Math.min(features.spotToOnDemand, 1)
    + weights.incidentScore * Math.min(features.incidentScore, 3)
  return 1 / (1 + Math.exp(-score))
}

// Six decimals keep stored forecasts stable across platforms' last-bit float differences.
function round(value: number): number {
  return Math.round(value * 1e6) / 1e6
}

function roundAll(features: RiskFeatures): Record<string, number> {
  const rounded: Record<string, number> = {}
  for (const [name, value] of Object.entries(features)) rounded[name] = round(value)
  return rounded
}
