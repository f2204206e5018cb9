import type { TelemetryV1 } from '@aether/plugin-api'

/** A forecast waiting for its pool's telemetry to show what happened within the horizon. */
export interface PendingForecast {
  region: string
  zone?: string | undefined
  pool: string
  /** Epoch ms of the forecast's last telemetry (`asOf`). */
  asOfMs: number
  horizonMinutes: number
  /** Each version's probability for this window, answering or not. */
  probabilities: ReadonlyMap<string, number>
}

/** A pending forecast whose outcome is now measured. */
export interface ResolvedForecast {
  forecast: PendingForecast
  outcome: 0 | 1
}

/**
 * Turns later spot telemetry into the label of docs/forecasting.md: 1 when a `spot_available`
 * tick of the pool in (asOf, asOf + horizon] is ≤ 0. A forecast resolves as 1 at the first such
 * tick, and as 0 at the first tick past the horizon (only then is the whole horizon seen).
 */
export class OutcomeTracker {
  readonly #pending = new Map<string, PendingForecast[]>()
  #count = 0

  constructor(private readonly maxPending: number) {}

  /** Forecasts still waiting. */
  get pendingCount(): number {
    return this.#count
  }

  /** Waits for this forecast's outcome; beyond `maxPending` the oldest waiting forecast is dropped. */
  add(forecast: PendingForecast): void {
    const key = poolKey(forecast)
    const list = this.#pending.get(key) ?? []
    list.push(forecast)
    this.#pending.set(key, list)
    this.#count++
    if (this.#count > this.maxPending) this.#dropOldest()
  }

  /** Feeds telemetry; returns the forecasts it resolved. */
  observe(telemetry: readonly TelemetryV1[]): ResolvedForecast[] {
    const resolved: ResolvedForecast[] = []
    for (const record of telemetry) {
      if (record.metric !== 'spot_available') continue
      const key = poolKey(record)
      const list = this.#pending.get(key)
      if (list === undefined) continue
      const atMs = Date.parse(record.timestamp)
      const waiting = list.filter((forecast) => {
        if (atMs <= forecast.asOfMs) return true
        const endMs = forecast.asOfMs + forecast.horizonMinutes * 60_000
        if (atMs <= endMs && record.value <= 0) resolved.push({ forecast, outcome: 1 })
        else if (atMs > endMs) resolved.push({ forecast, outcome: 0 })
        else return true
        return false
      })
      this.#count -= list.length - waiting.length
      if (waiting.length === 0) this.#pending.delete(key)
      else this.#pending.set(key, waiting)
    }
    return resolved
  }

  #dropOldest(): void {
    let oldest: { key: string; index: number; asOfMs: number } | undefined
    for (const [key, list] of this.#pending) {
      list.forEach((forecast, index) => {
        if (oldest === undefined || forecast.asOfMs < oldest.asOfMs) oldest = { key, index, asOfMs: forecast.asOfMs }
      })
    }
    if (oldest === undefined) return
    const list = this.#pending.get(oldest.key) as PendingForecast[]
    list.splice(oldest.index, 1)
    if (list.length === 0) this.#pending.delete(oldest.key)
    this.#count--
  }
}

function poolKey(where: { region: string; zone?: string | undefined; pool: string }): string {
  return `${where.region}\u0000${where.zone ?? ''}\u0000${where.pool}`
}
