import type { ValidationIssue } from '@aether/plugin-api'
import type { AdapterContext } from './adapter-context.js'
import { batchAdapter, type BatchAdapter } from './define-adapter.js'
import { describeIssues, recordContractIssues } from './input-contracts.js'
import type { Keyed, MaybePromise } from './keyed.js'

/**
 * A raw record as a validator adapter gets it. It may be anything (no id, not even an object),
 * so it travels in an envelope: `id` is the host's key for it (its index in the batch, as a
 * string), `tenant` the batch's tenant, `record` a copy of the record as received.
 */
export interface ValidatorInput extends Keyed {
  record: unknown
}

/** A validator's verdict on one record; it never returns or changes the record, only judges it. */
export type ValidatorOutput =
  | (Keyed & { valid: true })
  | (Keyed & {
    valid: false
    /** Why, 1..1000 characters; stored with the invalid record. */
    reason: string
    /** At most 100, each `{ path, message }` (a JSON pointer into the record). */
    issues?: ValidationIssue[]
  })

/** A validator adapter (a rule pack): one verdict per input, in order. */
export interface ValidatorDefinition {
  name: string
  process(items: ValidatorInput[], ctx: AdapterContext): MaybePromise<ValidatorOutput[]>
}

/**
 * Defines a validator adapter; export it as the module's default.
 *
 * @example
 * export default defineValidator({
 *   name: 'no-empty-summary',
 *   process: (items) => items.map(({ id, tenant, record }) =>
 *     typeof (record as { summary?: unknown }).summary === 'string'
 *       ? { id, tenant, valid: true }
 *       : { id, tenant, valid: false, reason: 'no summary', issues: [{ path: '/summary', message: 'required' }] }),
 * })
 */
export function defineValidator(definition: ValidatorDefinition): BatchAdapter<ValidatorInput, ValidatorOutput> {
  // Contract first: a record that breaks the contract it names is invalid before any rule runs.
  return batchAdapter('validator', definition, (item) => {
    const issues = recordContractIssues(item.record)
    return issues.length === 0 ? undefined : { id: item.id, tenant: item.tenant, valid: false, reason: describeIssues('breaks its contract', issues), issues }
  })
}
