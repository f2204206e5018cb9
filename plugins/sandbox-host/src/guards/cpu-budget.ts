import { nextUtcDayMs, utcDay, type Clock } from './utc-day.js'

/**
 * One adapter's CPU budget for the current UTC day, all tenants together. Calls are charged
 * after they ran, so the call that crosses the line completes; every call after it is refused
 * until the next UTC day. The count lives in the host process; at start the host adds what the
 * day's stored usage says was spent before (`restore`, host-guards.ts), so a restart does not
 * grant a fresh budget.
 */
export class CpuBudget {
  #day = ''
  #spentMs = 0

  constructor(
    readonly cpuMsPerDay: number,
    private readonly now: Clock = () => Date.now(),
  ) {}

  /** CPU ms spent today. */
  get spentMs(): number {
    this.#roll()
    return this.#spentMs
  }

  /** Undefined while there is budget left; otherwise why the call is refused. */
  refusal(): string | undefined {
    if (this.spentMs < this.cpuMsPerDay) return undefined
    const resumesAt = new Date(nextUtcDayMs(this.now())).toISOString()
    return `daily CPU budget spent (${Math.round(this.#spentMs)} of ${this.cpuMsPerDay} ms on ${this.#day} UTC); calls resume at ${resumesAt}`
  }

  /** Adds CPU ms spent on `day` before this process counted (stored usage); another day's are ignored. */
  restore(day: string, cpuMs: number): void {
    this.#roll()
    if (day === this.#day) this.#spentMs += cpuMs
  }

  charge(cpuMs: number): void {
    this.#roll()
    this.#spentMs += cpuMs
  }

  #roll(): void {
    const today = utcDay(this.now())
    if (today !== this.#day) {
      this.#day = today
      this.#spentMs = 0
    }
  }
}
