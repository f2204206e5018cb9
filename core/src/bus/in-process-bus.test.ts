import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import { describeBus, numberedRecords } from '../../test/bus-suite.js'
import { InProcessBus } from './in-process-bus.js'

describeBus('InProcessBus', async (limits) => new InProcessBus(limits))

describe('InProcessBus', () => {
  it('keeps messages published before any consumer exists and delivers them when one subscribes', async () => {
    const bus = new InProcessBus()
    await bus.publish('s', numberedRecords(1))
    const seen: number[] = []
    await bus.consume('s', { durable: 'late' }, async (m) => void seen.push(m.records.length))
    await sleep(10)
    expect(seen).toEqual([1])
    await bus.close()
  })

  it('remembers ids only for the dedup window', async () => {
    const bus = new InProcessBus({ dedupWindowMs: 10 })
    await bus.publish('s', numberedRecords(1))
    await sleep(20)
    expect(await bus.publish('s', numberedRecords(1))).toEqual({ isDuplicate: false })
    await bus.close()
  })
})
