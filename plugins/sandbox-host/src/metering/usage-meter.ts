import { randomUUID } from 'node:crypto'
import type { RecordStorage } from '@aether/plugin-api'
import { utcDay, type Clock } from '../guards/utc-day.js'
import { emptyCounts, usageRecord, type UsageCounts, type UsageV1 } from './usage-record.js'

/** Who used what, as the meter keys it. */
export interface UsageKey {
  adapter: string
  adapterVersion: string
  tenant: string
}

interface Tally {
  key: UsageKey
  day: string
  counts: UsageCounts
}

/**
 * Counts adapter usage per adapter, tenant and UTC day in memory and writes it to storage as
 * `usage.v1` records on flush. A flush turns the open tallies into records first and keeps them
 * until storage took them, so a failed flush is retried with the same ids and nothing is
 * counted twice or lost while the process lives. Flushes run one at a time.
 */
export class UsageMeter {
  readonly #tallies = new Map<string, Tally>()
  readonly #flushedCpuMs = new Map<string, number>()
  #pending: UsageV1[] = []
  #flushes = 0
  #flushing: Promise<void> = Promise.resolve()

  constructor(
    private readonly now: Clock = () => Date.now(),
    /** Tells this host run's records apart from another run's of the same day. */
    private readonly run: string = randomUUID(),
  ) {}

  /** A call that reached the sandbox. */
  called(key: UsageKey, call: { recordsIn: number; recordsOut: number; cpuMs: number; failureCode?: string }): void {
    const counts = this.#tally(key)
    counts.calls += 1
    counts.recordsIn += call.recordsIn
    counts.recordsOut += call.recordsOut
    counts.cpuMs += call.cpuMs
    if (call.failureCode !== undefined) counts.failures[call.failureCode] = (counts.failures[call.failureCode] ?? 0) + 1
  }

  /** A call the guards refused. */
  refused(key: UsageKey, code: string): void {
    const counts = this.#tally(key)
    counts.refused[code] = (counts.refused[code] ?? 0) + 1
  }

  /** CPU ms of `adapter` (all versions) for `tenant` on `day` that this meter's flushes stored. */
  flushedCpuMs(adapter: string, tenant: string, day: string): number {
    return this.#flushedCpuMs.get(JSON.stringify([adapter, tenant, day])) ?? 0
  }

  /** Writes what was counted since the last flush; rejects (keeping it for the next) when storage fails. */
  flush(storage: Pick<RecordStorage, 'writeBatch'>): Promise<void> {
    const flushing = this.#flushing.then(() => this.#flush(storage))
    this.#flushing = flushing.catch(() => undefined)
    return flushing
  }

  async #flush(storage: Pick<RecordStorage, 'writeBatch'>): Promise<void> {
    if (this.#tallies.size > 0) {
      const flush = ++this.#flushes
      for (const { key, day, counts } of this.#tallies.values()) {
        this.#pending.push(usageRecord({ ...key, day, run: this.run, flush }, counts))
      }
      this.#tallies.clear()
    }
    for (const tenant of new Set(this.#pending.map((record) => record.tenant))) {
      const records = this.#pending.filter((record) => record.tenant === tenant)
      await storage.writeBatch(tenant, records)
      this.#pending = this.#pending.filter((record) => record.tenant !== tenant)
      for (const record of records) {
        const id = JSON.stringify([record.adapter, record.tenant, record.day])
        this.#flushedCpuMs.set(id, (this.#flushedCpuMs.get(id) ?? 0) + record.cpuMs)
      }
    }
  }

  #tally(key: UsageKey): UsageCounts {
    const day = utcDay(this.now())
    const id = JSON.stringify([key.adapter, key.adapterVersion, key.tenant, day])
    let tally = this.#tallies.get(id)
    if (tally === undefined) {
      tally = { key, day, counts: emptyCounts() }
      this.#tallies.set(id, tally)
    }
    return tally.counts
  }
}

