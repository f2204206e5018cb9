import type { AetherRecord } from '@aether/plugin-api'

/**
 * One line of the outbox journal. `state` opens every file the journal writes whole (at start and
 * at each compaction) and carries the count of forecasts dropped so far; the others follow as they
 * happen: a forecast added, a batch taken to send (its ids, so a restart sends the same batch
 * again, with the same message id), the batch taken last acknowledged, forecasts dropped.
 */
export type JournalLine =
  | { op: 'state'; dropped: number }
  | { op: 'add'; forecast: AetherRecord }
  | { op: 'take'; ids: string[] }
  | { op: 'ack' }
  | { op: 'drop'; ids: string[] }

/** What the outbox held when the journal was last written: its pending forecasts, oldest first. */
export interface OutboxState {
  pending: AetherRecord[]
  /** How many of the oldest pending forecasts form the batch under way (taken, not acknowledged). */
  underWay: number
  dropped: number
}

/** A line replay could not use, with why: it is skipped, never fatal. */
export interface SkippedLine {
  line: number
  reason: string
}

/** The state a journal's text describes, the lines skipped, and how many bytes of it end in a whole line. */
export interface Replay {
  state: OutboxState
  skipped: SkippedLine[]
  wholeBytes: number
}

/**
 * Rebuilds the outbox from the journal's text. Lines are applied in order; a line that is not
 * whole JSON of a known kind is skipped with its reason. The last line without a newline is a
 * write the process did not finish (it was killed mid-write): skipped too, and not counted in
 * `wholeBytes`, so the journal can cut it off before appending.
 */
export function replayJournal(text: string): Replay {
  const pending = new Map<string, AetherRecord>()
  let underWay: string[] = []
  let dropped = 0
  const skipped: SkippedLine[] = []
  const lastNewline = text.lastIndexOf('\n')
  const whole = text.slice(0, lastNewline + 1)
  const lines = whole.split('\n').slice(0, -1)
  for (const [index, text] of lines.entries()) {
    const parsed = parseLine(text)
    if (typeof parsed === 'string') {
      skipped.push({ line: index + 1, reason: parsed })
      continue
    }
    switch (parsed.op) {
      case 'state': dropped = parsed.dropped; break
      case 'add': if (!pending.has(parsed.forecast.id)) pending.set(parsed.forecast.id, parsed.forecast); break
      case 'take': underWay = parsed.ids; break
      case 'ack':
        for (const id of underWay) pending.delete(id)
        underWay = []
        break
      case 'drop':
        for (const id of parsed.ids) pending.delete(id)
        dropped += parsed.ids.length
        break
    }
  }
  if (lastNewline + 1 < text.length) {
    skipped.push({ line: lines.length + 1, reason: `the last line is not whole (${text.length - lastNewline - 1} bytes without a newline): a write cut off by a crash` })
  }
  const ordered = [...pending.values()]
  return { state: { pending: ordered, underWay: underWayCount(ordered, underWay), dropped }, skipped, wholeBytes: Buffer.byteLength(whole) }
}

/** The batch under way is the oldest pending forecasts, in the order taken; if the journal says otherwise, there is none. */
function underWayCount(pending: readonly AetherRecord[], ids: readonly string[]): number {
  return ids.every((id, index) => pending[index]?.id === id) ? ids.length : 0
}

function parseLine(text: string): JournalLine | string {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (error) {
    return `not JSON (${(error as Error).message})`
  }
  if (typeof value !== 'object' || value === null) return 'not a JSON object'
  const line = value as Record<string, unknown>
  switch (line.op) {
    case 'state': return Number.isInteger(line.dropped) ? line as JournalLine : 'a state line without a whole number "dropped"'
    case 'add': {
      const forecast = line.forecast as Record<string, unknown> | undefined
      return typeof forecast === 'object' && forecast !== null && typeof forecast.id === 'string' && forecast.id !== ''
        ? line as JournalLine : 'an add line without a forecast that has an id'
    }
    case 'take':
    case 'drop':
      return Array.isArray(line.ids) && line.ids.every((id) => typeof id === 'string') ? line as JournalLine : `a ${line.op} line without a list of ids`
    case 'ack': return line as JournalLine
    default: return `an unknown op ${JSON.stringify(line.op)}`
  }
}
