import type { AetherRecord } from '@aether/plugin-api'

/**
 * Forecasts not yet accepted by the bus, oldest first, at most `limit` of them. A forecast leaves
 * only when the bus acknowledged it; when the outbox is full the oldest is dropped and counted,
 * so an outage longer than the bound loses the oldest forecasts, never the newest.
 */
export class ForecastOutbox {
  readonly #pending: AetherRecord[] = []
  #dropped = 0

  constructor(readonly limit: number) {}

  add(forecast: AetherRecord): void {
    this.#pending.push(forecast)
    if (this.#pending.length > this.limit) {
      this.#pending.shift()
      this.#dropped++
    }
  }

  /** Up to `count` of the oldest pending forecasts; they stay pending until `acknowledge`. */
  peek(count: number): AetherRecord[] {
    return this.#pending.slice(0, count)
  }

  /** Removes forecasts the bus accepted (any the bound dropped meanwhile are simply gone already). */
  acknowledge(sent: readonly AetherRecord[]): void {
    const ids = new Set(sent.map((record) => record.id))
    let kept = 0
    for (const record of this.#pending) if (!ids.has(record.id)) this.#pending[kept++] = record
    this.#pending.length = kept
  }

  get size(): number {
    return this.#pending.length
  }

  get dropped(): number {
    return this.#dropped
  }
}
