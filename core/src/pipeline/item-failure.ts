import type { AetherRecord } from '../contracts/record.js'
import type { RunCounts } from './stage-runtime.js'
import { toInvalidRecord } from './validate-stage.js'

/**
 * A record a stage could not process (an error result for one item) goes to `signals.invalid`
 * with the stage and the error as its reason, so that it is kept and can be looked at.
 */
export function routeItemFailure(record: AetherRecord, error: string, stage: string, counts: RunCounts): AetherRecord {
  counts.failedItems += 1
  return toInvalidRecord({ isValid: false, record, reason: `${stage} failed: ${error}`, issues: [] }, record.tenant, stage)
}
