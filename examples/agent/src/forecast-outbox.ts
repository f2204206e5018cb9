import type { AetherRecord } from '@aether/plugin-api'

/**
 * Forecasts not yet accepted by the bus, oldest first: the batch under way (taken, not yet
 * acknowledged) and at most `limit` waiting behind it. When more wait, the oldest waiting one is
 * dropped and counted, so an outage longer than the bound loses the oldest forecasts, never the
 * newest, and `dropped` is exactly what the bus will never get.
 */
export class ForecastOutbox {
  readonly #pending: AetherRecord[] = []
  #inFlight = 0
  #dropped = 0

  constructor(readonly limit: number) {}

  add(forecast: AetherRecord): void {
    this.#pending.push(forecast)
    this.#trim()
  }

  /** The next batch, up to `count` of the oldest; it stays here until `acknowledge` or `release`. One batch at a time. */
  take(count: number): AetherRecord[] {
    this.#inFlight = Math.min(count, this.#pending.length)
    return this.#pending.slice(0, this.#inFlight)
  }

  /** The bus accepted the batch taken last: it leaves. */
  acknowledge(): void {
    this.#pending.splice(0, this.#inFlight)
    this.#inFlight = 0
  }

  /** The batch taken last was not sent: it waits again (and counts against the bound). */
  release(): void {
    this.#inFlight = 0
    this.#trim()
  }

  /** Forecasts not yet acknowledged, the batch under way included. */
  get size(): number {
    return this.#pending.length
  }

  get dropped(): number {
    return this.#dropped
  }

  #trim(): void {
    const excess = this.#pending.length - this.#inFlight - this.limit
    if (excess <= 0) return
    this.#pending.splice(this.#inFlight, excess)
    this.#dropped += excess
  }
}
