import { defineError } from '@aether/plugin-api'

/** A batch handed to storage holds a record of another tenant. */
export const StorageTenantMismatch = defineError('AETHER_E_STORAGE_TENANT_MISMATCH',
  (expected: string, found: string, recordId: string) =>
    `A batch for tenant "${expected}" holds record ${recordId} of tenant "${found}"; write each tenant's records separately.`)

/** A record cannot be stored because it has no usable time. */
export const StorageRecordUntimed = defineError('AETHER_E_STORAGE_RECORD_UNTIMED',
  (recordId: string, contract: string) =>
    `Record ${recordId} (${contract}) has no valid "timestamp" or "receivedAt"; only validated records and invalid.v1 wrappers can be stored.`)

/** A migration failed; the database is left at the previous version. */
export const MigrationFailed = defineError('AETHER_E_STORAGE_MIGRATION',
  (migration: string) => `Migration ${migration} failed; every migration of this start was rolled back. See the cause.`)

/** An append expected a stream version that is no longer the current one. */
export const StreamVersionConflict = defineError('AETHER_E_STORAGE_STREAM_CONFLICT',
  (stream: string, expected: number, actual: number) =>
    `Stream "${stream}" is at version ${actual}, not ${expected} as the append expected; ` +
    'another writer appended first. Rebuild the state and decide again.')

/** Evidence can only be exported from Aether's SQL storage, which keeps the audit ledger. */
export const StorageCommandUnsupported = defineError('AETHER_E_STORAGE_COMMAND_UNSUPPORTED',
  (command: string, storage: string) =>
    `Cannot run "${command}" on ${storage}: it keeps no audit ledger or retention. Use @aether/plugin-storage-pglite or @aether/plugin-storage-postgres.`)

/** An operator command named a tenant that has neither records nor audit entries. */
export const TenantUnknown = defineError('AETHER_E_STORAGE_TENANT_UNKNOWN',
  (tenant: string, known: string[]) =>
    `Tenant "${tenant}" has no records and no audit entries; nothing was done. ` +
    (known.length === 0
      ? 'No tenant with data is visible to the connecting database user; check --tenant and -c.'
      : `Tenants with data: ${known.join(', ')}. Check --tenant.`))

/** A time window whose start is not before its end. */
export const TimeWindowReversed = defineError('AETHER_E_STORAGE_WINDOW_REVERSED',
  (from: string, to: string) =>
    `The window from ${from} to ${to} is reversed or empty: "from" must be before "to" (from is included, to excluded); nothing was done. Swap or fix them.`)

/** A legal hold with this id is already placed for the tenant. */
export const LegalHoldExists = defineError('AETHER_E_STORAGE_HOLD_EXISTS',
  (tenant: string, id: string, window: string) =>
    `Tenant "${tenant}" already has a legal hold "${id}" (${window}); nothing was changed. ` +
    'Choose another id, or release that hold first.')

/** A legal hold that is not placed (never was, or already released). */
export const LegalHoldUnknown = defineError('AETHER_E_STORAGE_HOLD_UNKNOWN',
  (tenant: string, id: string, placed: string[]) =>
    `Tenant "${tenant}" has no legal hold "${id}"; nothing was released. ` +
    (placed.length === 0 ? 'The tenant has no holds.' : `Its holds: ${placed.join(', ')}.`))

/** An export would overwrite a file that is already there. */
export const OutputExists = defineError('AETHER_E_STORAGE_OUTPUT_EXISTS',
  (file: string) => `${file} already exists; nothing was exported. Choose another --out, or pass --force to replace it.`)

/** An export's file cannot be written. */
export const OutputUnwritable = defineError('AETHER_E_STORAGE_OUTPUT_UNWRITABLE',
  (file: string, problem: string) =>
    `Cannot write ${file}: ${problem}; nothing was exported or recorded. Create the folder or choose another --out.`)

/** An evidence archive to verify cannot be read at all. */
export const EvidenceUnreadable = defineError('AETHER_E_STORAGE_EVIDENCE_UNREADABLE',
  (file: string, problem: string) => `Cannot read evidence archive ${file}: ${problem}. Check the path.`)

/** A worker tried to finish an action it no longer holds: another claim (a larger token) took it over. */
export const ActionLeaseLost = defineError('AETHER_E_STORAGE_ACTION_LEASE_LOST',
  (action: string, token: number) =>
    `Action ${action} is no longer held with fencing token ${token}: its lease ran out and another worker claimed it. ` +
    'This worker must not execute or complete it; the holder of the newer token does.')

/** An executor refused a fencing token lower than one it has already seen for the action. */
export const FencingTokenStale = defineError('AETHER_E_STORAGE_FENCING_STALE',
  (action: string, token: number, highest: number) =>
    `Refused action ${action} with fencing token ${token}: token ${highest} was already seen for it, so this worker's claim is stale. Nothing was executed.`)

/** A webhook executor's receiver answered neither success, already-done nor a stale-token refusal. */
export const WebhookFailed = defineError('AETHER_E_STORAGE_WEBHOOK_FAILED',
  (action: string, url: string, problem: string) =>
    `Action ${action} was not executed by the webhook ${url}: ${problem}. ` +
    'The action stays claimed and is retried after its lease runs out; check that the receiver is up and answers as docs/policy.md describes.')

/** `aether actions run` was given an executor without what it needs, or an unknown one. */
export const ActionExecutorUnconfigured = defineError('AETHER_E_STORAGE_EXECUTOR_UNCONFIGURED',
  (executor: string, needed: string) => `The ${executor} executor needs ${needed}; nothing was executed.`)
