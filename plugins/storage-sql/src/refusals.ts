import { StorageRecordsRefused } from '@aether/plugin-api'
import { StorageRecordUntimed, StorageTenantMismatch } from './errors.js'

/**
 * The error a failed write should reach the pipeline as. A fault of the data itself (SQLSTATE
 * class 22, data exception, such as NUL in text or an out-of-range time; class 23, a constraint
 * the record breaks; or a record the batch checks refuse) becomes StorageRecordsRefused, so the
 * sink can find the records at fault and keep the rest. The records' own key is not such a
 * fault: a replay is handled by the idempotent insert. Anything else (connection, server) stays
 * as it is and is retried.
 */
export function asRefusal(error: unknown, storage: string): unknown {
  if (StorageRecordUntimed.is(error) || StorageTenantMismatch.is(error)) {
    return new StorageRecordsRefused([storage, error.message], { cause: error })
  }
  const { code, constraint, message } = (error ?? {}) as { code?: unknown; constraint?: unknown; message?: unknown }
  if (typeof code !== 'string' || !/^2[23][0-9A-Z]{3}$/.test(code)) return error
  if (code === '23505' && constraint === 'records_pkey') return error
  return new StorageRecordsRefused([storage, `${String(message)} (SQLSTATE ${code})`], { cause: error })
}
