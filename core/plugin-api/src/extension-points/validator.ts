import type { ValidationIssue } from '../contracts/invalid-record.js'
import type { AetherRecord } from '../contracts/record.js'
import type { Named, StageContext } from './extension-point.js'

/** The verdict on one record: valid, or invalid with a reason. The record is never changed. */
export type Verdict =
  | { isValid: true; record: AetherRecord }
  | { isValid: false; record: unknown; reason: string; issues: ValidationIssue[] }

/** Decides, per record, whether it follows its contract. One verdict per record, same order. */
export interface Validator extends Named {
  validateBatch(records: unknown[], context: StageContext): Promise<Verdict[]>
}
