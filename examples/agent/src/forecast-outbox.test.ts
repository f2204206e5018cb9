import type { AetherRecord } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { ForecastOutbox } from './forecast-outbox.js'

const forecast = (n: number): AetherRecord => ({ id: `f${n}`, tenant: 'demo', contract: 'forecast.v1' })

describe('the forecast outbox', () => {
  it('keeps forecasts until the bus acknowledges them, oldest first', () => {
    const outbox = new ForecastOutbox(10)
    for (let n = 1; n <= 4; n++) outbox.add(forecast(n))
    const batch = outbox.peek(3)
    expect(batch.map((record) => record.id)).toEqual(['f1', 'f2', 'f3'])
    expect(outbox.size).toBe(4)
    outbox.acknowledge(batch)
    expect(outbox.peek(10).map((record) => record.id)).toEqual(['f4'])
  })

  it('drops the oldest past its bound and counts them', () => {
    const outbox = new ForecastOutbox(3)
    for (let n = 1; n <= 5; n++) outbox.add(forecast(n))
    expect(outbox.peek(10).map((record) => record.id)).toEqual(['f3', 'f4', 'f5'])
    expect(outbox.dropped).toBe(2)
  })

  it('acknowledging a batch part of which the bound dropped meanwhile keeps the rest', () => {
    const outbox = new ForecastOutbox(3)
    for (let n = 1; n <= 3; n++) outbox.add(forecast(n))
    const inFlight = outbox.peek(2)
    outbox.add(forecast(4))
    outbox.acknowledge(inFlight)
    expect(outbox.peek(10).map((record) => record.id)).toEqual(['f3', 'f4'])
  })
})
