import type { AetherRecord } from '@aether/plugin-api'
import type { OutboxState } from './journal-replay.js'

/** Where the outbox records what it does, so a restarted agent can rebuild it (see ForecastJournal). */
export interface OutboxJournal {
  added(forecast: AetherRecord): void
  taken(ids: string[]): void
  acknowledged(): void
  dropped(ids: string[]): void
  /** After each change; `state` is built only if the journal asks for it (to compact). */
  changed(state: () => OutboxState): void
}

/**
 * Forecasts not yet accepted by the bus, oldest first: the batch under way (taken, not yet
 * acknowledged) and at most `limit` waiting behind it. When more wait, the oldest waiting one is
 * dropped and counted, so an outage longer than the bound loses the oldest forecasts, never the
 * newest, and `dropped` is exactly what the bus will never get. With a journal, every change is
 * recorded and `restored` (the journal's replay) is where it starts.
 */
export class ForecastOutbox {
  readonly #pending: AetherRecord[] = []
  readonly #ids = new Set<string>()
  #underWay = 0
  #dropped = 0

  constructor(readonly limit: number, private readonly journal?: OutboxJournal, restored?: OutboxState) {
    if (restored !== undefined) {
      for (const forecast of restored.pending) this.#keep(forecast)
      this.#underWay = Math.min(restored.underWay, this.#pending.length)
      this.#dropped = restored.dropped
      // A restart with a smaller --buffer drops (and counts) the oldest it no longer has room for.
      this.#trim()
    }
  }

  /** Keeps a forecast to send. One already here (same id: the same forecast made again) is not kept twice. */
  add(forecast: AetherRecord): boolean {
    if (this.#ids.has(forecast.id)) return false
    this.#keep(forecast)
    this.journal?.added(forecast)
    this.#trim()
    this.#changed()
    return true
  }

  /**
   * The batch to send: the one under way if there is one, unchanged (so a retry, even after a
   * restart, carries the same records and so the same message id), else up to `count` of the
   * oldest. It stays here until `acknowledge`.
   */
  take(count: number): AetherRecord[] {
    if (this.#underWay === 0 && this.#pending.length > 0) {
      this.#underWay = Math.min(count, this.#pending.length)
      this.journal?.taken(this.#pending.slice(0, this.#underWay).map((forecast) => forecast.id))
    }
    return this.#pending.slice(0, this.#underWay)
  }

  /** The bus accepted the batch under way: it leaves. */
  acknowledge(): void {
    if (this.#underWay === 0) return
    for (const forecast of this.#pending.splice(0, this.#underWay)) this.#ids.delete(forecast.id)
    this.#underWay = 0
    this.journal?.acknowledged()
    this.#changed()
  }

  /** Forecasts not yet acknowledged, the batch under way included. */
  get size(): number {
    return this.#pending.length
  }

  /** Forecasts dropped past the bound, since the journal began (this run only, without one). */
  get dropped(): number {
    return this.#dropped
  }

  #keep(forecast: AetherRecord): void {
    this.#pending.push(forecast)
    this.#ids.add(forecast.id)
  }

  #trim(): void {
    const excess = this.#pending.length - this.#underWay - this.limit
    if (excess <= 0) return
    const dropped = this.#pending.splice(this.#underWay, excess)
    for (const forecast of dropped) this.#ids.delete(forecast.id)
    this.#dropped += excess
    this.journal?.dropped(dropped.map((forecast) => forecast.id))
  }

  #changed(): void {
    this.journal?.changed(() => ({ pending: [...this.#pending], underWay: this.#underWay, dropped: this.#dropped }))
  }
}
