import type { SignalFeatures } from './signal-features.js'
import type { TelemetryFeatures } from './telemetry-features.js'

/** Identifies the model in every forecast; bump it when a weight or a feature changes. */
export const model = 'volatility-logistic@1'

/**
 * Weights of the logistic score, set by hand from what each feature means, not fitted: a base
 * of -3.2 is about 4 % when nothing stirs; no spot instance in recent samples, a price that
 * moves (a log-return deviation of 0.1 is a jumpy spot market) or has jumped above its median,
 * a spot price near on-demand, and recent signals of short capacity each raise it. A backtest
 * against the heuristic baseline would be the way to fit them.
 */
const weights = {
  base: -3.2, unavailableShare: 3.5, priceVolatility: 8, priceJump: 2, spotShare: 1.2,
  capacityPressure: 2.2, newsVolatility: 0.8, incidentPressure: 1,
} as const

/** P(preemption within the horizon) from the features, with the score it came from. */
export function preemptionProbability(features: TelemetryFeatures & SignalFeatures): { probability: number; score: number } {
  const score = weights.base
    + weights.unavailableShare * features.unavailableShare
    + weights.priceVolatility * Math.min(features.priceVolatility, 0.5)
    + weights.priceJump * Math.min(features.priceJump, 1)
    + weights.spotShare * features.spotShare
    + weights.capacityPressure * features.capacityPressure
    + weights.newsVolatility * features.newsVolatility
    + weights.incidentPressure * features.incidentPressure
  return { probability: 1 / (1 + Math.exp(-score)), score }
}
