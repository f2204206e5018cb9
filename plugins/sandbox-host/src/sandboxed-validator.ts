import { ValidationIssue, type StageContext, type Validator, type Verdict } from '@aether/plugin-api'
import { Type } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { failedCallError, shapeProblem } from './output-shape.js'
import type { SandboxedAdapter } from './sandboxed-adapter.js'
import { SandboxContractViolation } from './errors.js'

/**
 * What a validator adapter gets per record. A raw record may have no usable id or tenant, so it
 * travels in an envelope: the host's key for it (`id`, its index), the tenant, and the record.
 */
export interface ValidatorAdapterInput {
  id: string
  tenant: string
  record: unknown
}

/** The verdict an adapter returns per input: valid, or invalid with a reason (and issues). Never the record. */
const VerdictOutput = Type.Union([
  Type.Object({ id: Type.String(), tenant: Type.String(), valid: Type.Literal(true) }, { additionalProperties: false }),
  Type.Object({
    id: Type.String(),
    tenant: Type.String(),
    valid: Type.Literal(false),
    reason: Type.String({ minLength: 1, maxLength: 1_000 }),
    issues: Type.Optional(Type.Array(ValidationIssue, { maxItems: 100 })),
  }, { additionalProperties: false }),
])
const checkVerdict = TypeCompiler.Compile(VerdictOutput)

/**
 * The verdict on `record` (the host's original, never the adapter's copy) from the adapter's
 * output record. A "valid" for something that is not a record (an object with string `id`,
 * `tenant` and `contract`) is not trusted: later stages rely on that header.
 */
export function verdictOf(record: unknown, output: unknown, index: number): Verdict {
  const invalid = (reason: string): Verdict => ({ isValid: false, record, reason, issues: [] })
  if (!checkVerdict.Check(output)) return invalid(shapeProblem(checkVerdict, output, index, 'a verdict'))
  if (!output.valid) return { isValid: false, record, reason: output.reason, issues: output.issues ?? [] }
  if (!hasRecordHeader(record)) return invalid(`${SandboxContractViolation.code}: output record ${index} says valid to an input without a string id, tenant and contract`)
  return { isValid: true, record }
}

function hasRecordHeader(value: unknown): value is { id: string; tenant: string; contract: string } & Record<string, unknown> {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false
  const { id, tenant, contract } = value as Record<string, unknown>
  return typeof id === 'string' && typeof tenant === 'string' && typeof contract === 'string'
}

/**
 * A validator adapter as an ordinary `aether.validator.v1` implementation: one verdict per
 * input, always, whatever the input is. The adapter sees a copy; the verdict carries the
 * original, so nothing an adapter does changes a record. A failed call makes every record
 * invalid with `<CODE>: <reason>`, so the stage keeps them all.
 */
export class SandboxedValidator implements Validator {
  constructor(private readonly adapter: SandboxedAdapter) {}

  get name(): string {
    return this.adapter.name
  }

  async validateBatch(records: unknown[], context: StageContext): Promise<Verdict[]> {
    const inputs: ValidatorAdapterInput[] = records.map((record, index) => ({ id: String(index), tenant: context.tenant, record }))
    const result = await this.adapter.call(inputs, context.tenant, context.logger)
    if (!result.isOk) {
      const reason = failedCallError(result)
      return records.map((record) => ({ isValid: false, record, reason, issues: [] }))
    }
    return result.records.map((output, index) => verdictOf(records[index], output, index))
  }
}
