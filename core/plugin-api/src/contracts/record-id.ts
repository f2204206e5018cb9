import { createHash, hash } from 'node:crypto'
import { isStorableText } from './storable.js'

/**
 * The deterministic id of a record: a hash of its source, the source's own event id and its
 * contract. Replaying the same input yields the same ids, which is what lets the bus and storage
 * drop duplicates.
 *
 * @example
 * recordId({ source: 'gcp-status', sourceEventId: 'abc', contract: 'signal.v1' }) // 32 hex chars
 */
export function recordId(parts: { source: string; sourceEventId: string; contract: string }): string {
  const { source, sourceEventId, contract } = parts
  // A NUL separator keeps ("a", "bc") and ("ab", "c") apart while no part holds a NUL. A part with
  // a NUL, or a lone surrogate (which UTF-8 turns into U+FFFD), is hashed as JSON instead: JSON
  // escapes both and has no NUL of its own, so the two forms never give the same text.
  const key = isStorableText(source) && isStorableText(sourceEventId) && isStorableText(contract)
    ? `${source}\0${sourceEventId}\0${contract}`
    : JSON.stringify([source, sourceEventId, contract])
  return hash('sha256', key).slice(0, 32)
}

/** A stable id for a list of record ids: used as the bus message id of a batch. */
export function batchId(recordIds: readonly string[]): string {
  const hash = createHash('sha256')
  for (const id of recordIds) hash.update(id).update('\n')
  return hash.digest('hex').slice(0, 32)
}
