/** The UTC day of an instant, as `YYYY-MM-DD`. */
export function utcDay(epochMs: number): string {
  return new Date(epochMs).toISOString().slice(0, 10)
}

/** The instant the UTC day after `epochMs`'s begins. */
export function nextUtcDayMs(epochMs: number): number {
  const start = new Date(epochMs)
  return Date.UTC(start.getUTCFullYear(), start.getUTCMonth(), start.getUTCDate() + 1)
}

/** A clock in epoch milliseconds; tests pass their own. */
export type Clock = () => number
