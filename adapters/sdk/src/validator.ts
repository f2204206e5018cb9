import type { ValidationIssue } from '@aether/plugin-api'
import type { AdapterContext } from './adapter-context.js'
import { batchAdapter, type BatchAdapter } from './define-adapter.js'
import type { Keyed, MaybePromise } from './keyed.js'

/** A record as a validator adapter gets it: any JSON object carrying its id and tenant. */
export type ValidatorInput = Keyed & Record<string, unknown>

/** A validator's verdict on one record; it never changes the record, only judges it. */
export type ValidatorOutput =
  | (Keyed & { isValid: true })
  | (Keyed & { isValid: false; reason: string; issues?: ValidationIssue[] })

/** A validator adapter (a rule pack): one verdict per record, in order. */
export interface ValidatorDefinition {
  name: string
  process(records: ValidatorInput[], ctx: AdapterContext): MaybePromise<ValidatorOutput[]>
}

/**
 * Defines a validator adapter; export it as the module's default.
 *
 * @example
 * export default defineValidator({
 *   name: 'no-empty-summary',
 *   process: (records) => records.map((r) => typeof r.summary === 'string' && r.summary.trim() !== ''
 *     ? { id: r.id, tenant: r.tenant, isValid: true }
 *     : { id: r.id, tenant: r.tenant, isValid: false, reason: 'summary is empty' }),
 * })
 */
export function defineValidator(definition: ValidatorDefinition): BatchAdapter<ValidatorInput, ValidatorOutput> {
  return batchAdapter('validator', definition)
}
