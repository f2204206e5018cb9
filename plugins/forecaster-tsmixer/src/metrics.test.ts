import { describe, expect, it } from 'vitest'
import { averagePrecision, brierScore } from './metrics.js'

describe('averagePrecision (AUC-PR)', () => {
  it('is 1 when every positive outranks every negative', () => {
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], [1, 1, 0, 0])).toBe(1)
  })

  it('weighs each positive by the precision at its rank', () => {
    // Ranks: 1 (pos, precision 1), 2 (neg), 3 (pos, precision 2/3).
    expect(averagePrecision([0.9, 0.5, 0.3], [1, 0, 1])).toBeCloseTo((1 + 2 / 3) / 2, 12)
  })

  it('counts tied scores as one threshold, so the order of equal scores cannot matter', () => {
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [1, 0, 0, 1])).toBe(0.5)
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], [0, 1, 1, 0])).toBe(0.5)
  })

  it('is NaN without positives: there is nothing to find', () => {
    expect(averagePrecision([0.2, 0.4], [0, 0])).toBeNaN()
  })
})

describe('brierScore', () => {
  it('is the mean squared error of the probabilities', () => {
    expect(brierScore([1, 0, 0.5], [1, 1, 0])).toBeCloseTo((0 + 1 + 0.25) / 3, 12)
  })
})
