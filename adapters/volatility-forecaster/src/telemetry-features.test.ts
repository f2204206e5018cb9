import type { TelemetryV1 } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { telemetryFeatures } from './telemetry-features.js'

const sample = (metric: string, value: number, minute: number): TelemetryV1 => ({
  id: '0'.repeat(32), tenant: 'lab', contract: 'telemetry.v1', source: 'test', sourceEventId: `${metric}/${minute}`,
  timestamp: new Date(Date.UTC(2023, 3, 22, 0, minute)).toISOString(), region: 'us-east-1', pool: 'p3.2xlarge', metric, value,
})

describe('telemetryFeatures', () => {
  it('sees no volatility, jump or scarcity in a flat price with instances available', () => {
    const telemetry = [0, 1, 2, 3].flatMap((minute) => [sample('spot_price_usd_hour', 0.9, minute), sample('spot_available', 1, minute)])
    expect(telemetryFeatures(telemetry)).toEqual({ priceVolatility: 0, priceJump: 0, spotShare: 0, unavailableShare: 0 })
  })

  it('measures a price that jumps above its median, against on-demand', () => {
    const prices = [1, 1, 1, 2].map((price, minute) => sample('spot_price_usd_hour', price, minute))
    const features = telemetryFeatures([...prices, sample('on_demand_price_usd_hour', 4, 3)])
    expect(features.priceJump).toBeCloseTo(Math.log(2), 6)
    expect(features.priceVolatility).toBeGreaterThan(0.3)
    expect(features.spotShare).toBe(0.5)
  })

  it('counts the availability samples that saw no instance', () => {
    const telemetry = [1, 0, 0, 1].map((count, minute) => sample('spot_available', count, minute))
    expect(telemetryFeatures(telemetry).unavailableShare).toBe(0.5)
  })
})
