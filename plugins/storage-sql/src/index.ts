export { SqlRecordStore } from './record-store.js'
export { migrate, bundledMigrations, type Migration } from './migrate.js'
export type { SqlExecutor, SqlResult } from './sql-executor.js'
export { StorageTenantMismatch, StorageRecordUntimed, MigrationFailed } from './errors.js'
