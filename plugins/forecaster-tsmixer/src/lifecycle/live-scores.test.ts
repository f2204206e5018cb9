import { describe, expect, it } from 'vitest'
import { LiveScores } from './live-scores.js'

describe('LiveScores', () => {
  it('scores Brier and log loss over the latest outcomes only', () => {
    const scores = new LiveScores('v', 2)
    scores.addOutcome(1, 0)
    scores.addOutcome(0.8, 1)
    scores.addOutcome(0.4, 0)
    const { brier, logLoss, outcomes } = scores.scores()
    expect(outcomes).toBe(2)
    expect(brier).toBeCloseTo((0.04 + 0.16) / 2, 12)
    expect(logLoss).toBeCloseTo((-Math.log(0.8) - Math.log(0.6)) / 2, 12)
  })

  it('takes the nearest-rank p99 of batch latencies, so one slow batch in a hundred does not count but two do', () => {
    const scores = new LiveScores('v', 100)
    for (let batch = 0; batch < 99; batch++) scores.addLatency(5)
    scores.addLatency(500)
    expect(scores.scores().p99LatencyMs).toBe(5)
    scores.addLatency(500)
    expect(scores.scores().p99LatencyMs).toBe(500)
  })

  it('reports NaN, not zero, before anything is measured', () => {
    expect(new LiveScores('v', 10).scores()).toMatchObject({ outcomes: 0, batches: 0, brier: Number.NaN, p99LatencyMs: Number.NaN })
  })
})
