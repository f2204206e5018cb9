import { averagePrecision, brierScore } from '../metrics.js'

/** A score with its 95 % bootstrap interval. */
export interface WithInterval {
  value: number
  low: number
  high: number
}

/** Costs of the decisions a forecaster's warnings would cause (per window, at the threshold). */
export const decisionCosts = { threshold: 0.5, falseAlarm: 1, miss: 10 }

export interface CalibrationBin {
  from: number
  to: number
  windows: number
  meanProbability: number
  observedRate: number
}

/** Ten equal-width bins of predicted probability: mean prediction vs observed rate. */
export function calibration(probabilities: ArrayLike<number>, labels: ArrayLike<number>): { bins: CalibrationBin[]; expectedError: number } {
  const bins = Array.from({ length: 10 }, (_, i) => ({ from: i / 10, to: (i + 1) / 10, windows: 0, sumP: 0, sumY: 0 }))
  for (let i = 0; i < probabilities.length; i++) {
    const p = probabilities[i] as number
    const bin = bins[Math.min(9, Math.floor(p * 10))] as (typeof bins)[number]
    bin.windows++
    bin.sumP += p
    bin.sumY += labels[i] as number
  }
  let expectedError = 0
  const out = bins.map((b) => {
    const meanProbability = b.windows === 0 ? 0 : b.sumP / b.windows
    const observedRate = b.windows === 0 ? 0 : b.sumY / b.windows
    expectedError += (b.windows / Math.max(1, probabilities.length)) * Math.abs(meanProbability - observedRate)
    return { from: b.from, to: b.to, windows: b.windows, meanProbability, observedRate }
  })
  return { bins: out, expectedError }
}

/** Mean cost per window: a warning with no loss costs a needless migration, a loss without one costs 10. */
export function decisionCost(probabilities: ArrayLike<number>, labels: ArrayLike<number>): number {
  let cost = 0
  for (let i = 0; i < probabilities.length; i++) {
    const warned = (probabilities[i] as number) >= decisionCosts.threshold
    if (warned && labels[i] === 0) cost += decisionCosts.falseAlarm
    if (!warned && labels[i] === 1) cost += decisionCosts.miss
  }
  return cost / Math.max(1, probabilities.length)
}

/** A seeded generator (mulberry32): the same intervals on every run. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0
  return () => {
    state = (state + 0x6d2b79f5) >>> 0
    let t = state
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296
  }
}

/** The score and its 2.5–97.5 % percentile interval over `resamples` resamplings of the windows. */
export function bootstrap(score: (p: Float64Array, y: Float64Array) => number, probabilities: ArrayLike<number>, labels: ArrayLike<number>, resamples: number, seed: number): WithInterval {
  const n = probabilities.length
  const random = seededRandom(seed)
  const values: number[] = []
  const p = new Float64Array(n)
  const y = new Float64Array(n)
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) {
      const pick = Math.floor(random() * n)
      p[i] = probabilities[pick] as number
      y[i] = labels[pick] as number
    }
    const value = score(p, y)
    if (!Number.isNaN(value)) values.push(value)
  }
  values.sort((a, b) => a - b)
  const at = (q: number) => values[Math.min(values.length - 1, Math.max(0, Math.floor(q * values.length)))] ?? Number.NaN
  return { value: score(Float64Array.from(probabilities), Float64Array.from(labels)), low: at(0.025), high: at(0.975) }
}

export const scoreFunctions = { aucPr: averagePrecision, brier: brierScore, decisionCost }
