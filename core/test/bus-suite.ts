import { setTimeout as sleep } from 'node:timers/promises'
import { afterEach, describe, expect, it, vi } from 'vitest'
import type { AetherRecord, Bus, BusMessage } from '@aether/plugin-api'

/** Limits a bus under test is created with. */
export interface BusLimits {
  maxMessagesPerSubject?: number
  dedupWindowMs?: number
}

/** Records with ids derived from numbers, so a test can tell which arrived. */
export function numberedRecords(...ids: number[]): AetherRecord[] {
  return ids.map((id) => ({ id: id.toString(16).padStart(32, '0'), tenant: 't', contract: 'test.v1' }))
}

function numberOf(record: AetherRecord | undefined): number {
  return parseInt(record?.id ?? '0', 16)
}

/** Waits until `condition` holds, polling. */
export async function until(condition: () => boolean, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(2)
  }
}

// A server-side bus reports its counts a moment after the messages move.
const settling = { timeout: 5_000, interval: 20 }

/**
 * The semantics every bus implementation has, as one suite: run it with a factory that creates
 * a fresh, isolated bus for each test.
 */
export function describeBus(name: string, createBus: (limits?: BusLimits) => Promise<Bus>): void {
  describe(`${name}: the bus contract`, () => {
    const open: Bus[] = []
    const newBus = async (limits?: BusLimits): Promise<Bus> => {
      const bus = await createBus(limits)
      open.push(bus)
      return bus
    }
    afterEach(async () => {
      await Promise.all(open.splice(0).map((bus) => bus.close()))
    })

    it('delivers every message to each durable consumer of the subject', async () => {
      const bus = await newBus()
      const seen: Record<string, number[]> = { a: [], b: [] }
      for (const durable of ['a', 'b']) {
        await bus.consume('s', { durable }, async (m) => void seen[durable]?.push(...m.records.map(numberOf)))
      }
      await bus.publish('s', numberedRecords(1, 2))
      await bus.publish('s', numberedRecords(3))
      await until(() => seen.a?.length === 3 && seen.b?.length === 3)
      expect(seen).toEqual({ a: [1, 2, 3], b: [1, 2, 3] })
    })

    it('keeps what is published for a declared durable consumer until it subscribes', async () => {
      const bus = await newBus()
      await bus.declare([{ subject: 's', durable: 'late' }])
      await bus.publish('s', numberedRecords(1))
      await vi.waitFor(async () => expect((await bus.backlog()).find((b) => b.durable === 'late')).toMatchObject({ pending: 1 }), settling)
      const seen: number[] = []
      await bus.consume('s', { durable: 'late' }, async (m) => void seen.push(...m.records.map(numberOf)))
      await until(() => seen.length === 1)
      expect(seen).toEqual([1])
    })

    it('shares the work of one durable between its subscriptions', async () => {
      const bus = await newBus()
      const byWorker = [0, 0]
      let bothBusy: () => void = () => undefined
      const haveBothWorked = new Promise<void>((resolve) => { bothBusy = resolve })
      // Each worker holds its message until the other has one too: a bus that gave every
      // message to one worker would never get past the first.
      for (const worker of [0, 1]) {
        await bus.consume('s', { durable: 'pool', maxInFlight: 1 }, async () => {
          byWorker[worker] = (byWorker[worker] ?? 0) + 1
          if ((byWorker[0] ?? 0) > 0 && (byWorker[1] ?? 0) > 0) bothBusy()
          await haveBothWorked
        })
      }
      for (let i = 0; i < 10; i++) await bus.publish('s', numberedRecords(i))
      await until(() => (byWorker[0] ?? 0) + (byWorker[1] ?? 0) === 10)
      expect(byWorker[0]).toBeGreaterThan(0)
      expect(byWorker[1]).toBeGreaterThan(0)
    })

    it('drops a message whose id the subject has already seen, but not the same id on another subject', async () => {
      const bus = await newBus()
      expect(await bus.publish('s', numberedRecords(1, 2))).toEqual({ isDuplicate: false })
      expect(await bus.publish('s', numberedRecords(1, 2))).toEqual({ isDuplicate: true })
      expect(await bus.publish('other', numberedRecords(1, 2))).toEqual({ isDuplicate: false })
    })

    it('keeps the same batch on two subjects of one family apart (a stage passing a whole batch on)', async () => {
      const bus = await newBus()
      const seen: string[] = []
      for (const subject of ['family.in', 'family.out']) {
        await bus.consume(subject, { durable: 'reader' }, async (m) => void seen.push(m.subject))
      }
      expect(await bus.publish('family.in', numberedRecords(1, 2))).toEqual({ isDuplicate: false })
      expect(await bus.publish('family.out', numberedRecords(1, 2))).toEqual({ isDuplicate: false })
      await until(() => seen.length === 2)
      expect(seen.sort()).toEqual(['family.in', 'family.out'])
    })

    it('redelivers a message whose handler failed, counting deliveries', async () => {
      const bus = await newBus()
      const deliveries: number[] = []
      await bus.consume('s', { durable: 'flaky', backoffMs: [1] }, async (m) => {
        deliveries.push(m.deliveryCount)
        if (m.deliveryCount < 3) throw new Error('not yet')
      })
      await bus.publish('s', numberedRecords(1))
      await until(() => deliveries.length === 3)
      expect(deliveries).toEqual([1, 2, 3])
      await vi.waitFor(async () =>
        expect((await bus.backlog()).find((b) => b.durable === 'flaky')).toMatchObject({ subject: 's', redeliveries: 2 }), settling)
    })

    it('moves a message that fails maxDeliver times to the dead-letter subject with the reason, without blocking the next', async () => {
      const bus = await newBus()
      const dead: BusMessage[] = []
      const handled: number[] = []
      await bus.consume('dead.s', { durable: 'keeper' }, async (m) => void dead.push(m))
      await bus.consume('s', { durable: 'picky', maxDeliver: 2, backoffMs: [1] }, async (m) => {
        if (numberOf(m.records[0]) === 1) throw new Error('poison')
        handled.push(numberOf(m.records[0]))
      })
      await bus.publish('s', numberedRecords(1))
      await bus.publish('s', numberedRecords(2))
      await until(() => dead.length === 1 && handled.length === 1)
      expect(dead[0]?.records).toEqual(numberedRecords(1))
      expect(dead[0]?.headers).toMatchObject({ reason: 'poison', subject: 's', deliveries: '2' })
      expect(handled).toEqual([2])
    })

    it('makes publishers wait while a subject is full, so memory stays bounded', async () => {
      const bus = await newBus({ maxMessagesPerSubject: 2 })
      let release: () => void = () => undefined
      const gate = new Promise<void>((resolve) => { release = resolve })
      await bus.consume('s', { durable: 'slow', maxInFlight: 1 }, () => gate)
      await bus.publish('s', numberedRecords(1))
      await bus.publish('s', numberedRecords(2))
      let isThirdAccepted = false
      const third = bus.publish('s', numberedRecords(3)).then(() => { isThirdAccepted = true })
      // A publication sent after the third, to a subject with room, is accepted; the third still waits.
      await bus.publish('roomy', numberedRecords(4))
      expect(isThirdAccepted).toBe(false)
      release()
      await third
      expect(isThirdAccepted).toBe(true)
    })

    it('limits deliveries in flight per subscription', async () => {
      const bus = await newBus()
      let inFlight = 0
      let maxSeen = 0
      let handled = 0
      let release: () => void = () => undefined
      const gate = new Promise<void>((resolve) => { release = resolve })
      // Deliveries are held until all 20 are published and three are in flight: a bus allowing
      // more would have delivered a fourth by then, one allowing fewer would never get there.
      await bus.consume('s', { durable: 'bounded', maxInFlight: 3 }, async () => {
        inFlight += 1
        maxSeen = Math.max(maxSeen, inFlight)
        await gate
        inFlight -= 1
        handled += 1
      })
      for (let i = 0; i < 20; i++) await bus.publish('s', numberedRecords(i))
      await until(() => inFlight >= 3)
      release()
      await until(() => handled === 20)
      expect(maxSeen).toBe(3)
    })

    it('reports the backlog of each durable consumer: pending, in flight and acknowledged', async () => {
      const bus = await newBus()
      await bus.declare([{ subject: 's', durable: 'counted' }])
      for (let i = 0; i < 3; i++) await bus.publish('s', numberedRecords(i))
      await vi.waitFor(async () =>
        expect((await bus.backlog()).find((b) => b.durable === 'counted')).toMatchObject({ pending: 3, inFlight: 0, acknowledged: 0 }), settling)
      let handled = 0
      await bus.consume('s', { durable: 'counted' }, async () => void (handled += 1))
      await vi.waitFor(async () =>
        expect((await bus.backlog()).find((b) => b.durable === 'counted')).toMatchObject({ pending: 0, inFlight: 0, acknowledged: 3 }), settling)
      expect(handled).toBe(3)
    })

    it('reports the backlog of the named consumers that exist, and creates none for the others', async () => {
      const bus = await newBus()
      await bus.declare([{ subject: 's', durable: 'present' }, { subject: 's', durable: 'unasked' }])
      const named = [{ subject: 's', durable: 'present' }, { subject: 's', durable: 'absent' }, { subject: 'elsewhere', durable: 'absent' }]
      expect((await bus.backlog(named)).map((b) => `${b.subject} ${b.durable}`)).toEqual(['s present'])
      // Looking did not create them: a second look finds them absent still.
      expect((await bus.backlog(named)).map((b) => `${b.subject} ${b.durable}`)).toEqual(['s present'])
    })

    it('refuses publications once closed, naming the subject', async () => {
      const bus = await newBus()
      await bus.close()
      await expect(bus.publish('s', numberedRecords(1))).rejects.toThrow('The bus is closed; cannot use subject "s".')
    })

    it('refuses a repeated publication once closed, rather than calling it a duplicate it keeps', async () => {
      const bus = await newBus()
      const records = numberedRecords(1)
      await bus.publish('s', records)
      await bus.close()
      await expect(bus.publish('s', records)).rejects.toThrow('The bus is closed; cannot use subject "s".')
    })
  })
}
