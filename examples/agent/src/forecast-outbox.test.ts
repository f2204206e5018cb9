import type { AetherRecord } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { ForecastOutbox } from './forecast-outbox.js'

const forecast = (n: number): AetherRecord => ({ id: `f${n}`, tenant: 'demo', contract: 'forecast.v1' })
const ids = (records: readonly AetherRecord[]): string[] => records.map((record) => record.id)

describe('the forecast outbox', () => {
  it('keeps a batch until the bus acknowledges it, oldest first', () => {
    const outbox = new ForecastOutbox(10)
    for (let n = 1; n <= 4; n++) outbox.add(forecast(n))
    expect(ids(outbox.take(3))).toEqual(['f1', 'f2', 'f3'])
    expect(outbox.size).toBe(4)
    outbox.acknowledge()
    expect(ids(outbox.take(10))).toEqual(['f4'])
  })

  it('gives the batch under way again, unchanged, until it is acknowledged (so a retry has the same message id)', () => {
    const outbox = new ForecastOutbox(10)
    for (let n = 1; n <= 2; n++) outbox.add(forecast(n))
    outbox.take(50)
    outbox.add(forecast(3))
    expect(ids(outbox.take(50))).toEqual(['f1', 'f2'])
    outbox.acknowledge()
    expect(ids(outbox.take(50))).toEqual(['f3'])
  })

  it('keeps a forecast made again (same id) once', () => {
    const outbox = new ForecastOutbox(10)
    expect(outbox.add(forecast(1))).toBe(true)
    expect(outbox.add(forecast(1))).toBe(false)
    expect(outbox.size).toBe(1)
  })

  it('drops the oldest waiting forecasts past its bound and counts them', () => {
    const outbox = new ForecastOutbox(3)
    for (let n = 1; n <= 5; n++) outbox.add(forecast(n))
    expect(ids(outbox.take(10))).toEqual(['f3', 'f4', 'f5'])
    expect(outbox.dropped).toBe(2)
  })

  it('never drops the batch under way: the bound counts what waits behind it', () => {
    const outbox = new ForecastOutbox(2)
    for (let n = 1; n <= 2; n++) outbox.add(forecast(n))
    outbox.take(2)
    for (let n = 3; n <= 5; n++) outbox.add(forecast(n))
    expect(outbox.dropped).toBe(1)
    outbox.acknowledge()
    expect(ids(outbox.take(10))).toEqual(['f4', 'f5'])
  })
})
