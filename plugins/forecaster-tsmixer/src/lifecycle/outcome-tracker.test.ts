import type { TelemetryV1 } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { OutcomeTracker, type PendingForecast } from './outcome-tracker.js'

const asOfMs = Date.UTC(2023, 3, 22)
const forecast = (pool: string, at = asOfMs): PendingForecast => ({ region: 'us-east-1', zone: 'us-east-1c', pool, asOfMs: at, horizonMinutes: 60, probabilities: new Map([['tsmixer@1', 0.3]]) })
const tick = (pool: string, minutesAfter: number, value: number, metric = 'spot_available'): TelemetryV1 => ({
  id: 'a'.repeat(32), tenant: 't', contract: 'telemetry.v1', source: 'spot-trace', sourceEventId: `${pool}/${minutesAfter}`,
  region: 'us-east-1', zone: 'us-east-1c', pool, metric, value, timestamp: new Date(asOfMs + minutesAfter * 60_000).toISOString(),
})

describe('OutcomeTracker', () => {
  it('settles a forecast as 1 at the first tick within the horizon without capacity', () => {
    const tracker = new OutcomeTracker(10)
    tracker.add(forecast('p'))
    expect(tracker.observe([tick('p', 10, 1)])).toEqual([])
    expect(tracker.observe([tick('p', 20, 0)]).map((resolved) => resolved.outcome)).toEqual([1])
    expect(tracker.pendingCount).toBe(0)
  })

  it('settles a forecast as 0 only once a tick past the horizon shows the whole hour had capacity', () => {
    const tracker = new OutcomeTracker(10)
    tracker.add(forecast('p'))
    expect(tracker.observe([tick('p', 60, 1)])).toEqual([])
    expect(tracker.observe([tick('p', 61, 1)]).map((resolved) => resolved.outcome)).toEqual([0])
  })

  it('ignores ticks at or before the forecast, of other pools and of other metrics', () => {
    const tracker = new OutcomeTracker(10)
    tracker.add(forecast('p'))
    expect(tracker.observe([tick('p', 0, 0), tick('q', 10, 0), tick('p', 10, 0, 'spot_price_usd_hour')])).toEqual([])
    expect(tracker.pendingCount).toBe(1)
  })

  it('keeps at most maxPending forecasts, dropping the oldest', () => {
    const tracker = new OutcomeTracker(2)
    tracker.add(forecast('p', asOfMs))
    tracker.add(forecast('q', asOfMs + 1))
    tracker.add(forecast('r', asOfMs + 2))
    expect(tracker.pendingCount).toBe(2)
    expect(tracker.observe([tick('p', 10, 0)])).toEqual([])
    expect(tracker.observe([tick('q', 10, 0)])).toHaveLength(1)
  })
})
