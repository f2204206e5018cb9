import { createHash, hash } from 'node:crypto'

/**
 * The deterministic id of a record: a hash of its source, the source's own event id and its
 * contract. Replaying the same input yields the same ids, which is what lets the bus and storage
 * drop duplicates.
 *
 * @example
 * recordId({ source: 'gcp-status', sourceEventId: 'abc', contract: 'signal.v1' }) // 32 hex chars
 */
export function recordId(parts: { source: string; sourceEventId: string; contract: string }): string {
  // A NUL separator keeps ("a", "bc") and ("ab", "c") apart.
  return hash('sha256', `${parts.source}\0${parts.sourceEventId}\0${parts.contract}`).slice(0, 32)
}

/** A stable id for a list of record ids: used as the bus message id of a batch. */
export function batchId(recordIds: readonly string[]): string {
  const hash = createHash('sha256')
  for (const id of recordIds) hash.update(id).update('\n')
  return hash.digest('hex').slice(0, 32)
}
