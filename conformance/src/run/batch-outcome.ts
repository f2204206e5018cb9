/** What became of one input: accepted (its output value) or refused with an error. */
export interface ItemOutcome {
  /** The input's id (a source's records: their sourceEventId). */
  key: string
  isOk: boolean
  /** The output the host took from the adapter for it (a verdict: `true`). */
  value?: unknown
  /** Why it was refused: the adapter's item error, a verdict's reason, or `<CODE>: <reason>`. */
  error?: string
}

/** What one batch (a source: one run of polls) gave, as the harness compares it. */
export interface BatchOutcome {
  /** The code when the whole call failed (every item then carries it). */
  failure?: string
  items: ItemOutcome[]
}

const codePrefix = /^(AETHER_E_[A-Z_]+):/

/** The sandbox code an error starts with, if any. */
export function codeOf(error: string | undefined): string | undefined {
  return error === undefined ? undefined : codePrefix.exec(error)?.[1]
}

/**
 * A batch whose items all carry the same coded error failed as a call: the host gives every
 * item of a failed call that one error, while item-level problems name their record.
 */
export function batchOutcome(items: ItemOutcome[]): BatchOutcome {
  const first = items[0]?.error
  const code = codeOf(first)
  const isCallFailure = code !== undefined && items.every((item) => !item.isOk && item.error === first)
  return isCallFailure ? { failure: code, items } : { items }
}

/** The outcome as canonical text, for byte-for-byte comparison. */
export function outcomeText(outcome: BatchOutcome): string {
  return JSON.stringify(outcome)
}
