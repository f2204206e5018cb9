import type { RecordStorage } from '@aether/plugin-api'

/** An audit event as the SQL storages' ledger takes it (@aether/storage-sql AuditEvent). */
export interface AuditEventInput {
  kind: string
  actor: string
  subject: string
  payload: unknown
}

/** Appending to a tenant's audit ledger. */
export interface AuditAppender {
  append(tenant: string, events: AuditEventInput[]): Promise<unknown>
}

/**
 * The audit ledger of a storage implementation that keeps one, else undefined. The storage
 * extension point has no ledger; the SQL storages (PGlite, PostgreSQL) expose theirs as
 * `ledger`, so it is an optional capability found at run time, not a dependency on them.
 */
export function auditLedgerOf(storage: RecordStorage): AuditAppender | undefined {
  const ledger = (storage as { ledger?: unknown }).ledger
  if (ledger === null || typeof ledger !== 'object') return undefined
  const append = (ledger as { append?: unknown }).append
  return typeof append === 'function' ? { append: (tenant, events) => append.call(ledger, tenant, events) as Promise<unknown> } : undefined
}
