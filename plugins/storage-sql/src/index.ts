export { SqlRecordStore } from './record-store.js'
export { migrate, bundledMigrations, type Migration } from './migrate.js'
export type { SqlExecutor, SqlResult } from './sql-executor.js'
export { StorageTenantMismatch, StorageRecordUntimed, MigrationFailed, StreamVersionConflict } from './errors.js'
export { inTenantScope, applicationRole } from './tenant-scope.js'
export { SqlEventStore, type NewEvent, type StoredEvent, type Projection, type Rebuilt } from './event-store.js'
export { SqlAuditLedger, type AuditEvent } from './audit/audit-ledger.js'
export {
  verifyChain, entryHash, contentHash, merkleRoot, genesisHash, type AuditEntry, type AuditAnchor, type ChainProblem,
} from './audit/audit-chain.js'
export { canonicalJson } from './audit/canonical-json.js'
