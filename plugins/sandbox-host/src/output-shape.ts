import type { ItemResult } from '@aether/plugin-api'
import { Type, type TSchema } from '@sinclair/typebox'
import { TypeCompiler, type TypeCheck } from '@sinclair/typebox/compiler'
import { SandboxContractViolation } from './errors.js'
import type { CallResult } from './sandboxed-adapter.js'

// What the per-item kinds (enricher, forecaster, policy) share: an output record is either the kind's own
// shape or `{ id, tenant, error }`, and anything else fails only its own item.

/** For one input an adapter cannot handle, a reason. */
const ItemErrorOutput = Type.Object({
  id: Type.String(),
  tenant: Type.String(),
  error: Type.String({ minLength: 1, maxLength: 1_000 }),
}, { additionalProperties: false })
const checkItemError = TypeCompiler.Compile(ItemErrorOutput)

/** The item error every input of a failed call gets: `<CODE>: <reason>`. */
export function failedCallError(result: Extract<CallResult, { isOk: false }>): string {
  return `${result.code}: ${result.reason}`
}

/** Why `record` is not of `check`'s shape: the first issue, with its path. */
export function shapeProblem(check: TypeCheck<TSchema>, record: unknown, index: number, what: string): string {
  const issue = check.Errors(record).First()
  const detail = issue === undefined ? 'wrong shape' : `${issue.path || '/'} ${issue.message}`
  return `${SandboxContractViolation.code}: output record ${index} is not ${what}: ${detail}`
}

/** The item result of one output record: its value when it has the kind's shape, its error, or a contract violation. */
export function itemResult<Output, Value>(
  check: TypeCheck<TSchema>, what: string, pick: (output: Output) => Value, record: unknown, index: number,
): ItemResult<Value> {
  if (check.Check(record)) return { isOk: true, value: pick(record as Output) }
  const other: unknown = record
  if (checkItemError.Check(other)) return { isOk: false, error: other.error }
  return { isOk: false, error: shapeProblem(check, record, index, what) }
}
