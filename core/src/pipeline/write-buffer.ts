import type { AetherRecord } from '@aether/plugin-api'

interface Pending {
  records: AetherRecord[]
  waiters: Array<{ resolve: () => void; reject: (error: unknown) => void }>
  timer: NodeJS.Timeout | undefined
}

/**
 * Gathers the records of several messages (and subjects) into one storage write per tenant, so
 * that storage commits once per `maxRecords` instead of once per message. Each caller waits for
 * the commit that holds its records, so a message is acknowledged only once it is stored; if
 * the write fails, every message in it fails and is redelivered (writes are idempotent).
 */
export class WriteBuffer {
  readonly #pending = new Map<string, Pending>()

  constructor(
    private readonly write: (tenant: string, records: AetherRecord[]) => Promise<void>,
    private readonly maxRecords: number,
    private readonly maxWaitMs: number,
  ) {}

  /** Resolves when `records` are committed. */
  add(tenant: string, records: AetherRecord[]): Promise<void> {
    if (records.length === 0) return Promise.resolve()
    let pending = this.#pending.get(tenant)
    if (pending === undefined) {
      pending = { records: [], waiters: [], timer: undefined }
      this.#pending.set(tenant, pending)
    }
    const done = new Promise<void>((resolve, reject) => pending.waiters.push({ resolve, reject }))
    pending.records.push(...records)
    if (pending.records.length >= this.maxRecords) void this.#flush(tenant)
    else pending.timer ??= setTimeout(() => void this.#flush(tenant), this.maxWaitMs)
    return done
  }

  async #flush(tenant: string): Promise<void> {
    const pending = this.#pending.get(tenant)
    if (pending === undefined) return
    this.#pending.delete(tenant)
    clearTimeout(pending.timer)
    try {
      await this.write(tenant, pending.records)
      for (const waiter of pending.waiters) waiter.resolve()
    } catch (error) {
      for (const waiter of pending.waiters) waiter.reject(error)
    }
  }
}
