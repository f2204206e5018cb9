import { afterEach, describe, expect, it, vi } from 'vitest'
import { describeBus, numberedRecords } from '../../test/bus-suite.js'
import { InProcessBus } from './in-process-bus.js'

describeBus('InProcessBus', async (limits) => new InProcessBus(limits))

describe('InProcessBus', () => {
  afterEach(() => { vi.useRealTimers() })

  it('keeps messages published before any consumer exists and delivers them when one subscribes', async () => {
    const bus = new InProcessBus()
    await bus.publish('s', numberedRecords(1))
    let delivered: (size: number) => void = () => undefined
    const firstDelivery = new Promise<number>((resolve) => { delivered = resolve })
    await bus.consume('s', { durable: 'late' }, async (m) => delivered(m.records.length))
    expect(await firstDelivery).toBe(1)
    await bus.close()
  })

  it('remembers ids only for the dedup window', async () => {
    // Only the clock is faked: the window is measured with Date.now().
    vi.useFakeTimers({ toFake: ['Date'] })
    const bus = new InProcessBus({ dedupWindowMs: 10_000 })
    await bus.publish('s', numberedRecords(1))
    vi.setSystemTime(Date.now() + 9_999)
    expect(await bus.publish('s', numberedRecords(1))).toEqual({ isDuplicate: true })
    vi.setSystemTime(Date.now() + 2)
    expect(await bus.publish('s', numberedRecords(1))).toEqual({ isDuplicate: false })
    await bus.close()
  })
})
