import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'
import { createLogger } from '@aether/core'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { describeConnection, pgExecutor, PostgresStorageConfig } from '@aether/plugin-storage-postgres'
import { migrate, type Migration, type SqlExecutor } from '@aether/storage-sql'
import { Value } from '@sinclair/typebox/value'

const migrationsDir = fileURLToPath(new URL('../../migrations/', import.meta.url))

/** The registry's database: an executor that runs the same SQL on PGlite and PostgreSQL. */
export interface RegistryStorage {
  executor: SqlExecutor
  /** Where it is, for messages (no password). */
  where: string
  /** True on PostgreSQL, where several processes (service, workers) share the database. */
  isShared: boolean
  close(): Promise<void>
}

/** Where the registry keeps its state: a PGlite folder (the embedded default) or a PostgreSQL URL. */
export type StorageLocation = { pgliteDir: string } | { connectionString: string }

/**
 * Opens the registry's database and applies its migrations (forward-only, in their own ledger
 * `registry_migrations`, under the storage packages' advisory lock).
 */
export async function openRegistryStorage(location: StorageLocation): Promise<RegistryStorage> {
  const migrations = await registryMigrations()
  if ('pgliteDir' in location) {
    // PGlite's storage also brings the record tables; they stay empty here, and the PGlite
    // thread and directory lock come with it.
    const storage = await openPgliteStorage(location.pgliteDir)
    try {
      await migrate(storage.executor, migrations, 'registry_migrations')
    } catch (error) {
      await storage.close()
      throw error
    }
    return { executor: storage.executor, where: `PGlite at ${location.pgliteDir}`, isShared: false, close: () => storage.close() }
  }
  const config = Value.Default(PostgresStorageConfig, { connectionString: location.connectionString }) as PostgresStorageConfig
  const where = describeConnection(config.connectionString)
  const pool = new pg.Pool({ connectionString: config.connectionString, max: config.poolSize, connectionTimeoutMillis: config.connectTimeoutMs })
  const logger = createLogger({ level: 'silent' })
  pool.on('error', () => undefined)
  const executor = pgExecutor(pool, { retry: config.retry, where, logger })
  try {
    await migrate(executor, migrations, 'registry_migrations')
  } catch (error) {
    await pool.end()
    throw error
  }
  let closing: Promise<void> | undefined
  return { executor, where: `PostgreSQL at ${where}`, isShared: true, close: () => (closing ??= pool.end()) }
}

/** The registry's migrations, in order. */
async function registryMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDir)).filter((file) => /^\d{3}-.+\.sql$/.test(file)).sort()
  return Promise.all(files.map(async (file) => ({ version: Number(file.slice(0, 3)), name: file, sql: await readFile(join(migrationsDir, file), 'utf8') })))
}
