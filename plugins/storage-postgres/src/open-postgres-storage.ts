import pg from 'pg'
import { createLogger } from '@aether/core'
import type { Logger } from '@aether/plugin-api'
import { migrate, SqlRecordStore, type SqlExecutor } from '@aether/storage-sql'
import type { PostgresStorageConfig } from './config.js'
import { pgExecutor } from './pg-executor.js'

/** A migrated PostgreSQL record store and the pool under it. */
export interface PostgresStorage {
  store: SqlRecordStore
  /** The executor under the store, for the event store, audit ledger and tests. */
  executor: SqlExecutor
  pool: pg.Pool
  close(): Promise<void>
}

/** Connects, applies the migrations (under an advisory lock) and returns the store. */
export async function openPostgresStorage(
  config: PostgresStorageConfig, logger: Logger = createLogger({ level: 'silent' }),
): Promise<PostgresStorage> {
  const where = describeConnection(config.connectionString)
  const pool = new pg.Pool({
    connectionString: config.connectionString,
    max: config.poolSize,
    connectionTimeoutMillis: config.connectTimeoutMs,
  })
  // An idle client whose server went away emits 'error'; without a listener that would crash the process.
  // Only the reason is logged: pg hangs the whole client (with its connection state) on the error.
  pool.on('error', (error: Error & { code?: string }) =>
    logger.warn({ where, code: error.code, reason: error.message }, 'idle PostgreSQL connection lost'))
  const executor = pgExecutor(pool, { retry: config.retry, where, logger })
  try {
    await migrate(executor)
  } catch (error) {
    await pool.end()
    throw error
  }
  let isClosed = false
  return {
    pool,
    executor,
    store: new SqlRecordStore(executor, `PostgreSQL at ${where}`),
    close: async () => {
      if (isClosed) return
      isClosed = true
      await pool.end()
    },
  }
}

/** host:port/database of a connection string, without user or password. */
export function describeConnection(connectionString: string): string {
  try {
    const url = new URL(connectionString)
    return `${url.hostname}:${url.port || '5432'}${url.pathname}`
  } catch {
    return 'the configured PostgreSQL server'
  }
}
