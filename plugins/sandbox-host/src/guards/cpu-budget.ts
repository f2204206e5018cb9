import { nextUtcDayMs, utcDay, type Clock } from './utc-day.js'

/**
 * One adapter's CPU budget for the current UTC day, all tenants together. Calls are charged
 * after they ran, so the call that crosses the line completes; every call after it is refused
 * until the next UTC day. It counts this process's calls, plus what others spent that day as
 * the host last read it from stored usage (`spentElsewhere`, host-guards.ts): earlier runs, and
 * other processes on the same database. So a restart grants no fresh budget.
 */
export class CpuBudget {
  #day = ''
  #spentMs = 0
  #elsewhereMs = 0

  constructor(
    readonly cpuMsPerDay: number,
    private readonly now: Clock = () => Date.now(),
  ) {}

  /** CPU ms spent today, here and elsewhere. */
  get spentMs(): number {
    this.#roll()
    return this.#spentMs + this.#elsewhereMs
  }

  /** Undefined while there is budget left; otherwise why the call is refused. */
  refusal(): string | undefined {
    const spent = this.spentMs
    if (spent < this.cpuMsPerDay) return undefined
    const resumesAt = new Date(nextUtcDayMs(this.now())).toISOString()
    return `daily CPU budget spent (${Math.round(spent)} of ${this.cpuMsPerDay} ms on ${this.#day} UTC); calls resume at ${resumesAt}`
  }

  /** What stored usage says was spent on `day` by others than this process (replaces the last reading); another day's is ignored. */
  spentElsewhere(day: string, cpuMs: number): void {
    this.#roll()
    if (day === this.#day) this.#elsewhereMs = Math.max(0, cpuMs)
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
      this.#elsewhereMs = 0
    }
  }
}
