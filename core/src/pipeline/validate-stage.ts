import { createHash } from 'node:crypto'
import { subjects, type Subscription } from '../bus/bus.js'
import type { InvalidRecord } from '../contracts/invalid-record.js'
import { recordId } from '../contracts/record-id.js'
import type { AetherRecord } from '../contracts/record.js'
import type { Verdict } from '../extension-points/validator.js'
import { validatorPoint } from '../extension-points/points.js'
import type { Kernel } from '../kernel/create-kernel.js'
import { consumeStage, publishStage, type RunCounts } from './stage-runtime.js'

/**
 * Validates `signals.raw` and routes each record: valid ones to `signals.valid`, invalid ones to
 * `signals.invalid` with the reason and the original payload. Nothing is dropped or corrected.
 */
export function startValidateStage(kernel: Kernel, counts: RunCounts): Promise<Subscription> {
  const validator = kernel.resolve(validatorPoint, kernel.config.pipeline.validator)
  const stage = `validator:${validator.name}`
  return consumeStage(kernel, 'validator', subjects.raw, async ({ records, context, traceId }) => {
    const verdicts = await validator.validateBatch(records, context)
    if (verdicts.length !== records.length) {
      throw new Error(`validator "${validator.name}" returned ${verdicts.length} verdicts for ${records.length} records`)
    }
    const valid: AetherRecord[] = []
    const invalid: AetherRecord[] = []
    for (const verdict of verdicts) {
      if (verdict.isValid) valid.push(verdict.record)
      else invalid.push(toInvalidRecord(verdict, context.tenant, stage))
    }
    await publishStage(kernel, stage, subjects.valid, valid, traceId)
    await publishStage(kernel, stage, subjects.invalid, invalid, traceId)
    counts.valid += valid.length
    counts.invalid += invalid.length
    kernel.metrics.recordsInvalid.inc({ stage }, invalid.length)
  })
}

/** Wraps a refused record, keeping it exactly as received. */
export function toInvalidRecord(
  verdict: Extract<Verdict, { isValid: false }>, tenant: string, stage: string, receivedAt = new Date(),
): InvalidRecord & AetherRecord {
  const original = verdict.record as Partial<AetherRecord> | null
  const claimedId = original?.id
  // Its own id, from the stage and the original's id (or content): the original may be stored
  // too (a forecast a policy failed on), and a replay must find the same invalid record.
  const originalKey = typeof claimedId === 'string' && /^[0-9a-f]{32}$/.test(claimedId)
    ? claimedId
    : createHash('sha256').update(JSON.stringify(original) ?? 'undefined').digest('hex')
  return {
    id: recordId({ source: stage, sourceEventId: originalKey, contract: 'invalid.v1' }),
    tenant,
    contract: 'invalid.v1',
    claimedContract: typeof original?.contract === 'string' ? original.contract : 'unknown',
    receivedAt: receivedAt.toISOString(),
    stage,
    reason: verdict.reason,
    issues: verdict.issues,
    original: verdict.record,
  }
}
