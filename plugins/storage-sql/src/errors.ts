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
