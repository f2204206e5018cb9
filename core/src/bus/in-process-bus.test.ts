import { setTimeout as sleep } from 'node:timers/promises'
import { describe, expect, it } from 'vitest'
import type { AetherRecord } from '../contracts/record.js'
import type { BusMessage } from './bus.js'
import { InProcessBus } from './in-process-bus.js'

function records(...ids: number[]): AetherRecord[] {
  return ids.map((id) => ({ id: id.toString(16).padStart(32, '0'), tenant: 't', contract: 'test.v1' }))
}

async function until(condition: () => boolean, timeoutMs = 2_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(2)
  }
}

describe('InProcessBus', () => {
  it('delivers every message to each durable consumer of the subject', async () => {
    const bus = new InProcessBus()
    const seen: Record<string, number[]> = { a: [], b: [] }
    for (const durable of ['a', 'b']) {
      await bus.consume('s', { durable }, async (m) => void seen[durable]?.push(...m.records.map((r) => parseInt(r.id, 16))))
    }
    await bus.publish('s', records(1, 2))
    await bus.publish('s', records(3))
    await until(() => seen.b?.length === 3)
    expect(seen).toEqual({ a: [1, 2, 3], b: [1, 2, 3] })
    await bus.close()
  })

  it('keeps messages published before a durable consumer exists and delivers them when it subscribes', async () => {
    const bus = new InProcessBus()
    await bus.publish('s', records(1))
    const seen: number[] = []
    await bus.consume('s', { durable: 'late' }, async (m) => void seen.push(m.records.length))
    await until(() => seen.length === 1)
    await bus.close()
  })

  it('shares the work of one durable between its subscriptions', async () => {
    const bus = new InProcessBus()
    const byWorker = [0, 0]
    for (const worker of [0, 1]) {
      await bus.consume('s', { durable: 'pool' }, async () => {
        byWorker[worker] = (byWorker[worker] ?? 0) + 1
        await sleep(5)
      })
    }
    for (let i = 0; i < 10; i++) await bus.publish('s', records(i))
    await until(() => (byWorker[0] ?? 0) + (byWorker[1] ?? 0) === 10)
    expect(byWorker[0]).toBeGreaterThan(0)
    expect(byWorker[1]).toBeGreaterThan(0)
    await bus.close()
  })

  it('drops a message whose id the subject has already seen, but not the same id on another subject', async () => {
    const bus = new InProcessBus()
    expect(await bus.publish('s', records(1, 2))).toEqual({ isDuplicate: false })
    expect(await bus.publish('s', records(1, 2))).toEqual({ isDuplicate: true })
    expect(await bus.publish('other', records(1, 2))).toEqual({ isDuplicate: false })
    await bus.close()
  })

  it('remembers ids only for the dedup window', async () => {
    const bus = new InProcessBus({ dedupWindowMs: 10 })
    await bus.publish('s', records(1))
    await sleep(20)
    expect(await bus.publish('s', records(1))).toEqual({ isDuplicate: false })
    await bus.close()
  })

  it('redelivers a message whose handler failed, counting deliveries', async () => {
    const bus = new InProcessBus()
    const deliveries: number[] = []
    await bus.consume('s', { durable: 'flaky', backoffMs: [1] }, async (m) => {
      deliveries.push(m.deliveryCount)
      if (m.deliveryCount < 3) throw new Error('not yet')
    })
    await bus.publish('s', records(1))
    await until(() => deliveries.length === 3)
    expect(deliveries).toEqual([1, 2, 3])
    expect((await bus.backlog())[0]).toMatchObject({ pending: 0, inFlight: 0, redeliveries: 2 })
    await bus.close()
  })

  it('moves a message that fails maxDeliver times to the dead-letter subject with the reason, without blocking the next', async () => {
    const bus = new InProcessBus()
    const dead: BusMessage[] = []
    const handled: number[] = []
    await bus.consume('dead.s', { durable: 'keeper' }, async (m) => void dead.push(m))
    await bus.consume('s', { durable: 'picky', maxDeliver: 2, backoffMs: [1] }, async (m) => {
      const id = parseInt(m.records[0]?.id ?? '0', 16)
      if (id === 1) throw new Error('poison')
      handled.push(id)
    })
    await bus.publish('s', records(1))
    await bus.publish('s', records(2))
    await until(() => dead.length === 1 && handled.length === 1)
    expect(dead[0]?.records).toEqual(records(1))
    expect(dead[0]?.headers).toMatchObject({ reason: 'poison', subject: 's', deliveries: '2' })
    expect(handled).toEqual([2])
    await bus.close()
  })

  it('makes publishers wait while a subject is full, so memory stays bounded', async () => {
    const bus = new InProcessBus({ maxMessagesPerSubject: 2 })
    let release: () => void = () => undefined
    const gate = new Promise<void>((resolve) => { release = resolve })
    await bus.consume('s', { durable: 'slow', maxInFlight: 1 }, () => gate)
    await bus.publish('s', records(1))
    await bus.publish('s', records(2))
    let isThirdAccepted = false
    const third = bus.publish('s', records(3)).then(() => { isThirdAccepted = true })
    await sleep(20)
    expect(isThirdAccepted).toBe(false)
    release()
    await third
    expect(isThirdAccepted).toBe(true)
    await bus.close()
  })

  it('limits deliveries in flight per subscription', async () => {
    const bus = new InProcessBus()
    let inFlight = 0
    let maxSeen = 0
    let handled = 0
    await bus.consume('s', { durable: 'bounded', maxInFlight: 3 }, async () => {
      inFlight += 1
      maxSeen = Math.max(maxSeen, inFlight)
      await sleep(3)
      inFlight -= 1
      handled += 1
    })
    for (let i = 0; i < 20; i++) await bus.publish('s', records(i))
    await until(() => handled === 20)
    expect(maxSeen).toBe(3)
    await bus.close()
  })

  it('refuses publications once closed, naming the subject', async () => {
    const bus = new InProcessBus()
    await bus.close()
    await expect(bus.publish('s', records(1))).rejects.toThrow('The bus is closed; cannot use subject "s".')
  })
})
