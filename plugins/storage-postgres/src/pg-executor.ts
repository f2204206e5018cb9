import type { Pool, PoolClient } from 'pg'
import pRetry, { AbortError } from 'p-retry'
import type { SqlExecutor, SqlResult } from '@aether/storage-sql'
import type { Logger } from '@aether/plugin-api'
import type { PostgresStorageConfig } from './config.js'
import { isConnectionError } from './connection-errors.js'
import { StorageUnavailable } from './errors.js'

/**
 * Adapts a node-postgres pool to the executor the SQL store uses. A statement or a whole
 * transaction that fails because the connection failed is retried with exponential backoff on a
 * new connection; after the last attempt it fails with StorageUnavailable. SQL errors are not
 * retried.
 */
export function pgExecutor(pool: Pool, options: { retry: PostgresStorageConfig['retry']; where: string; logger: Logger }): SqlExecutor {
  const withRetry = <T>(work: () => Promise<T>): Promise<T> =>
    pRetry(async () => {
      try {
        return await work()
      } catch (error) {
        if (!isConnectionError(error)) throw new AbortError(error as Error)
        throw error
      }
    }, {
      retries: options.retry.attempts - 1,
      minTimeout: options.retry.minDelayMs,
      maxTimeout: options.retry.maxDelayMs,
      onFailedAttempt: ({ error, attemptNumber, retriesLeft }) => {
        if (retriesLeft > 0) options.logger.warn({ err: error, attempt: attemptNumber, where: options.where }, 'PostgreSQL connection failed; retrying')
      },
    }).catch((error: unknown) => {
      if (isConnectionError(error)) {
        throw new StorageUnavailable([options.where, options.retry.attempts, (error as Error).message], { cause: error })
      }
      throw error
    })

  return {
    query: <Row>(sql: string, params?: unknown[]) => withRetry(async () => toResult<Row>(await pool.query(sql, params))),
    exec: (sql: string) => withRetry(async () => { await pool.query(sql) }),
    transaction: <T>(work: (executor: SqlExecutor) => Promise<T>) => withRetry(async () => {
      const client = await pool.connect()
      let isBroken = false
      // A checked-out client whose socket dies emits 'error' besides failing its query; the
      // failed query is what is handled (and retried), the event only needs a listener.
      const onError = (error: Error): void => options.logger.debug({ err: error }, 'connection error during a transaction')
      client.on('error', onError)
      try {
        await client.query('BEGIN')
        const result = await work(clientExecutor(client))
        await client.query('COMMIT')
        return result
      } catch (error) {
        isBroken = isConnectionError(error)
        if (!isBroken) await client.query('ROLLBACK').catch(() => undefined)
        throw error
      } finally {
        client.off('error', onError)
        // A client whose connection broke must not go back to the pool.
        client.release(isBroken)
      }
    }),
  }
}

function clientExecutor(client: PoolClient): SqlExecutor {
  const executor: SqlExecutor = {
    query: async <Row>(sql: string, params?: unknown[]) => toResult<Row>(await client.query(sql, params)),
    exec: async (sql: string) => { await client.query(sql) },
    // Already inside a transaction: nested work simply joins it.
    transaction: (work) => work(executor),
  }
  return executor
}

function toResult<Row>(result: { rows: unknown[]; rowCount: number | null }): SqlResult<Row> {
  return { rows: result.rows as Row[], rowCount: result.rowCount ?? 0 }
}
