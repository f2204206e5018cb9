import { describe, expect, it } from 'vitest'
import { scoreSummary, wordsOf } from './score.js'

describe('scoreSummary', () => {
  it('reads a stockout as constrained capacity', () => {
    expect(scoreSummary('Compute Engine stockout of c3 machines', 'high').bCapacity).toBeGreaterThan(0.95)
  })

  it('counts two weak capacity words for less than one strong one', () => {
    const weak = scoreSummary('Compute instances slow to start', 'low').bCapacity
    const strong = scoreSummary('Capacity shortage', 'low').bCapacity
    expect(weak).toBe(0.32)
    expect(strong).toBe(0.9)
  })

  it('gives no capacity pressure to a post about something else', () => {
    expect(scoreSummary('Cloud Interconnect users may be impacted in us-east4', 'low').bCapacity).toBe(0)
  })

  it('reads harm as negative and recovery as positive sentiment', () => {
    expect(scoreSummary('Elevated error rates and packet loss', 'medium').sentiment).toBeLessThan(0)
    expect(scoreSummary('The issue is resolved and service restored', 'medium').sentiment).toBeGreaterThan(0.5)
  })

  it('starts volatility from the severity, adds volatile words, and halves it once resolved', () => {
    expect(scoreSummary('Some trouble', 'high').volatilityLikelihood).toBe(0.5)
    expect(scoreSummary('Intermittent trouble in multiple regions', 'high').volatilityLikelihood).toBe(0.87)
    expect(scoreSummary('Intermittent trouble in multiple regions, now resolved', 'high').volatilityLikelihood).toBe(0.435)
  })

  it('keeps every feature within its contract range however many words match', () => {
    const everything = 'outage down unavailable failures errors loss degraded latency disruption intermittent multiple elevated increased globally spike cascading widespread capacity stockout quota'
    const scores = scoreSummary(everything, 'high')
    expect(scores.sentiment).toBeGreaterThanOrEqual(-1)
    expect(scores.volatilityLikelihood).toBe(1)
    expect(scores.bCapacity).toBeLessThanOrEqual(1)
  })
})

describe('wordsOf', () => {
  it('splits on punctuation and keeps hyphenated region names whole', () => {
    expect([...wordsOf('Issue in us-central1, GCE: resolved.')]).toEqual(['issue', 'in', 'us-central1', 'gce', 'resolved'])
  })
})
