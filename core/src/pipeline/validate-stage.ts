import { type AetherRecord, subjects, type Subscription, validatorPoint, type Verdict } from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { toInvalidRecord } from './invalid-records.js'
import { pairResults } from './pair-results.js'
import { consumeStage, publishStage, type RunCounts } from './stage-runtime.js'

/**
 * Validates `signals.raw` and routes each record: valid ones to `signals.valid`, invalid ones to
 * `signals.invalid` with the reason and the original payload. Nothing is dropped or corrected:
 * what goes on is the record as received, whatever a validator's verdict carries.
 */
export function startValidateStage(kernel: Kernel, counts: RunCounts): Promise<Subscription> {
  const validator = kernel.resolve(validatorPoint, kernel.config.pipeline.validator)
  const stage = `validator:${validator.name}`
  return consumeStage(kernel, 'validator', subjects.raw, async ({ records, context, traceId }) => {
    const verdicts = await validator.validateBatch(records, context)
    const valid: AetherRecord[] = []
    const invalid: AetherRecord[] = []
    const refusal = (reason: string): Verdict => ({ isValid: false, record: undefined, reason, issues: [] })
    for (const { input, result } of pairResults(stage, records, verdicts, refusal)) {
      if (result?.isValid === true) valid.push(input)
      else invalid.push(toInvalidRecord(invalidVerdict(input, result), context.tenant, stage))
    }
    await publishStage(kernel, stage, subjects.valid, valid, traceId)
    await publishStage(kernel, stage, subjects.invalid, invalid, traceId)
    counts.valid += valid.length
    counts.invalid += invalid.length
    kernel.metrics.recordsInvalid.inc({ stage }, invalid.length)
  })
}

/** The refusal of `record`, with the verdict's reason when the verdict is a well-formed one. */
function invalidVerdict(record: AetherRecord, verdict: Verdict | undefined): Extract<Verdict, { isValid: false }> {
  const given = verdict as Partial<Extract<Verdict, { isValid: false }>> | undefined
  const reason = typeof given?.reason === 'string' ? given.reason : 'the validator returned a malformed verdict'
  const issues = Array.isArray(given?.issues) ? given.issues.filter(isIssue) : []
  return { isValid: false, record, reason, issues }
}

function isIssue(issue: unknown): issue is { path: string; message: string } {
  const { path, message } = (issue ?? {}) as { path?: unknown; message?: unknown }
  return typeof path === 'string' && typeof message === 'string'
}
