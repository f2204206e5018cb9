import type { Decision, DecisionAction, ForecastV1, ItemResult, PolicyEngine, StageContext } from '@aether/plugin-api'
import type { ThresholdPolicyConfig } from './config.js'
import { ThresholdsOutOfOrder } from './errors.js'

/** Identifies the policy in every decision; bump when the rule changes. */
export const thresholdPolicyId = 'threshold@1'

// Distance from the nearest threshold at which the policy is fully confident.
const confidentDistance = 0.25

/**
 * Hold below `migrateAt`, migrate from `migrateAt`, drain from `drainAt`. Confidence grows with
 * the distance of the probability from the nearest threshold, and every decision says why.
 */
export class ThresholdPolicy implements PolicyEngine {
  readonly name = 'threshold'

  constructor(private readonly config: ThresholdPolicyConfig) {
    if (config.migrateAt >= config.drainAt) throw new ThresholdsOutOfOrder([config.migrateAt, config.drainAt])
  }

  async decideBatch(forecasts: ForecastV1[], _context: StageContext): Promise<Array<ItemResult<Decision>>> {
    return forecasts.map((forecast) => ({ isOk: true, value: this.decide(forecast) }))
  }

  /** The decision for one forecast. */
  decide(forecast: ForecastV1): Decision {
    const { migrateAt, drainAt } = this.config
    const p = forecast.probability
    const action: DecisionAction = p >= drainAt ? 'drain' : p >= migrateAt ? 'migrate' : 'hold'
    const nearest = Math.min(Math.abs(p - migrateAt), Math.abs(p - drainAt))
    const confidence = Math.round((0.5 + 0.5 * Math.min(1, nearest / confidentDistance)) * 1000) / 1000
    return { action, confidence, policy: thresholdPolicyId, explanation: explain(forecast, action, this.config) }
  }
}

function explain(forecast: ForecastV1, action: DecisionAction, { migrateAt, drainAt }: ThresholdPolicyConfig): string {
  const where = forecast.zone ?? forecast.region
  const p = forecast.probability.toFixed(3)
  const rule = action === 'drain'
    ? `at or above the drain threshold ${drainAt}`
    : action === 'migrate'
      ? `at or above the migrate threshold ${migrateAt} and below the drain threshold ${drainAt}`
      : `below the migrate threshold ${migrateAt}`
  const factors = Object.entries(forecast.features).map(([name, value]) => `${name}=${value}`).join(', ')
  return `${action}: P(preemption within ${forecast.horizonMinutes} min) for ${forecast.pool} in ${where} is ${p}, ` +
    `${rule} (model ${forecast.model}; ${factors || 'no features'}).`
}
