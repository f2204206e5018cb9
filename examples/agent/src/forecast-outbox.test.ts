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

  it('gives a batch that was not sent back, to be taken again', () => {
    const outbox = new ForecastOutbox(10)
    for (let n = 1; n <= 2; n++) outbox.add(forecast(n))
    outbox.take(2)
    outbox.release()
    expect(ids(outbox.take(2))).toEqual(['f1', 'f2'])
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
