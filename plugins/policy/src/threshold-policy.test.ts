import fc from 'fast-check'
import type { ForecastV1 } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { ThresholdPolicy } from './threshold-policy.js'

const policy = new ThresholdPolicy({ migrateAt: 0.5, drainAt: 0.8 })

function forecast(probability: number): ForecastV1 {
  return {
    id: 'a'.repeat(32), tenant: 't', contract: 'forecast.v1', source: 'forecaster:heuristic-baseline', sourceEventId: 'x',
    timestamp: '2023-04-30T01:00:00.000Z', region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88',
    horizonMinutes: 60, probability, model: 'heuristic-baseline@1', features: { unavailableShare: 0.4 },
  }
}

describe('ThresholdPolicy', () => {
  it('holds below the migrate threshold, migrates from it, drains from the drain threshold', () => {
    expect([0.2, 0.5, 0.79, 0.8, 0.99].map((p) => policy.decide(forecast(p)).action))
      .toEqual(['hold', 'migrate', 'migrate', 'drain', 'drain'])
  })

  it('explains each decision with the probability, the rule and the features', () => {
    expect(policy.decide(forecast(0.6)).explanation).toBe(
      'migrate: P(preemption within 60 min) for c3-highcpu-88 in us-east1-b is 0.600, at or above the migrate threshold 0.5 ' +
      'and below the drain threshold 0.8 (model heuristic-baseline@1; unavailableShare=0.4).')
  })

  it('is least confident at a threshold and fully confident far from both', () => {
    expect(policy.decide(forecast(0.5)).confidence).toBe(0.5)
    expect(policy.decide(forecast(0.0)).confidence).toBe(1)
  })

  it('never decides a milder action for a higher probability', () => {
    const rank = { hold: 0, migrate: 1, drain: 2 }
    fc.assert(fc.property(fc.double({ min: 0, max: 1, noNaN: true }), fc.double({ min: 0, max: 1, noNaN: true }), (a, b) => {
      const [low, high] = a <= b ? [a, b] : [b, a]
      expect(rank[policy.decide(forecast(low)).action]).toBeLessThanOrEqual(rank[policy.decide(forecast(high)).action])
    }))
  })

  it('refuses thresholds in the wrong order', () => {
    expect(() => new ThresholdPolicy({ migrateAt: 0.9, drainAt: 0.8 })).toThrow(
      'The threshold policy needs migrateAt < drainAt, got migrateAt 0.9 and drainAt 0.8; lower migrateAt or raise drainAt.')
  })
})
