import type { RecordStorage } from '@aether/plugin-api'

/** An audit event as the SQL storages' ledger takes it (@aether/storage-sql AuditEvent). */
export interface AuditEventInput {
  kind: string
  actor: string
  subject: string
  payload: unknown
}

/** A stored entry, as far as the sandbox host reads it. */
export interface AuditEntryRead extends AuditEventInput {
  seq: number
  recordedAt: string
}

/** A tenant's audit ledger: appending, and reading the entries about some subjects. */
export interface AuditLedgerAccess {
  append(tenant: string, events: AuditEventInput[]): Promise<unknown>
  entriesFor(tenant: string, subjects: string[]): Promise<AuditEntryRead[]>
}

/**
 * The audit ledger of a storage implementation that keeps one, else undefined. The storage
 * extension point has no ledger; the SQL storages (PGlite, PostgreSQL) expose theirs as
 * `ledger`, so it is an optional capability found at run time, not a dependency on them.
 */
export function auditLedgerOf(storage: RecordStorage): AuditLedgerAccess | undefined {
  const ledger = (storage as { ledger?: unknown }).ledger
  if (ledger === null || typeof ledger !== 'object') return undefined
  const { append, entriesFor } = ledger as { append?: unknown; entriesFor?: unknown }
  if (typeof append !== 'function' || typeof entriesFor !== 'function') return undefined
  return {
    append: (tenant, events) => append.call(ledger, tenant, events) as Promise<unknown>,
    entriesFor: (tenant, subjects) => entriesFor.call(ledger, tenant, subjects) as Promise<AuditEntryRead[]>,
  }
}
