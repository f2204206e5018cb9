import { describe, expect, it } from 'vitest'
import { forecastOf } from './sandboxed-forecaster.js'

const keyed = { id: '0', tenant: 'lab' }
const forecast = { probability: 0.25, horizonMinutes: 60, model: 'm@1', features: { price: 0.1 } }

describe('forecastOf: a forecaster adapter output record as an item result', () => {
  it('takes the forecast.v1 fields, without the key and tenant', () => {
    expect(forecastOf({ ...keyed, ...forecast }, 0)).toEqual({ isOk: true, value: forecast })
  })

  it('takes the adapter\'s own error for one input', () => {
    expect(forecastOf({ ...keyed, error: 'no telemetry' }, 0)).toEqual({ isOk: false, error: 'no telemetry' })
  })

  it('fails only this input, naming the field, when a field breaks forecast.v1', () => {
    for (const [output, path] of [
      [{ ...keyed, ...forecast, probability: 2 }, '/probability'],
      [{ ...keyed, ...forecast, horizonMinutes: 0.5 }, '/horizonMinutes'],
      [{ ...keyed, ...forecast, model: '' }, '/model'],
      [{ ...keyed, ...forecast, features: { price: 'high' } }, '/features/price'],
      [{ ...keyed, ...forecast, region: 'us-east1' }, '/region'],
    ] as const) {
      const result = forecastOf(output, 2)
      expect(result.isOk).toBe(false)
      expect(!result.isOk && result.error).toMatch(new RegExp(`^AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 2 is not a forecast: ${path}`))
    }
  })
})
