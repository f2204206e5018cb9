import { TimeWindowReversed } from './errors.js'

/** Refuses a window `[from, to)` that is empty or reversed: `from` must be before `to`. */
export function checkWindow(from: string, to: string): void {
  if (!(Date.parse(from) < Date.parse(to))) throw new TimeWindowReversed([from, to])
}
