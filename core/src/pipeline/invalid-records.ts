import { createHash } from 'node:crypto'
import {
  type AetherRecord, findUnstorable, type InvalidRecord, recordId, storableText, toStorableJson, type Verdict,
} from '@aether/plugin-api'
import type { RunCounts } from './stage-runtime.js'

/**
 * Wraps a refused record, keeping it exactly as received: as it is when storage can hold it,
 * otherwise as JSON text (see InvalidRecord). The wrapper itself is always storable.
 */
export function toInvalidRecord(
  verdict: Extract<Verdict, { isValid: false }>, tenant: string, stage: string, receivedAt = new Date(),
): InvalidRecord & AetherRecord {
  const original = verdict.record as Partial<AetherRecord> | null
  const claimedId = original?.id
  const isStorable = findUnstorable(original) === undefined
  // Its own id, from the stage and the original's id (or content): the original may be stored
  // too (a forecast a policy failed on), and a replay must find the same invalid record.
  const originalKey = typeof claimedId === 'string' && /^[0-9a-f]{32}$/.test(claimedId)
    ? claimedId
    : createHash('sha256').update(isStorable ? JSON.stringify(original) ?? 'undefined' : toStorableJson(original)).digest('hex')
  const invalid: InvalidRecord & AetherRecord = {
    id: recordId({ source: stage, sourceEventId: originalKey, contract: 'invalid.v1' }),
    tenant,
    contract: 'invalid.v1',
    claimedContract: typeof original?.contract === 'string' ? storableText(original.contract) : 'unknown',
    receivedAt: receivedAt.toISOString(),
    stage,
    reason: storableText(verdict.reason),
    issues: verdict.issues.map((issue) => ({ path: storableText(issue.path), message: storableText(issue.message) })),
    original: isStorable ? verdict.record : toStorableJson(verdict.record),
  }
  if (!isStorable) invalid.originalEncoding = 'json'
  return invalid
}

/**
 * A record a stage could not process (an error result for one item) goes to `signals.invalid`
 * with the stage and the error as its reason, so that it is kept and can be looked at.
 */
export function routeItemFailure(record: AetherRecord, error: string, stage: string, counts: RunCounts): AetherRecord {
  counts.failedItems += 1
  return toInvalidRecord({ isValid: false, record, reason: `${stage} failed: ${error}`, issues: [] }, record.tenant, stage)
}
