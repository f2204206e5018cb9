import type { PGlite, Transaction } from '@electric-sql/pglite'
import type { SqlExecutor, SqlResult } from '@aether/storage-sql'

/** Adapts a PGlite database (or one of its transactions) to the executor the SQL store uses. */
export function pgliteExecutor(db: PGlite | Transaction): SqlExecutor {
  return {
    async query<Row>(sql: string, params?: unknown[]): Promise<SqlResult<Row>> {
      const result = await db.query<Row>(sql, params)
      return { rows: result.rows, rowCount: result.affectedRows ?? 0 }
    },
    async exec(sql: string): Promise<void> {
      await db.exec(sql)
    },
    async transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T> {
      // PGlite has no nested transactions: inside one, the work simply joins it.
      if (!('transaction' in db)) return work(pgliteExecutor(db))
      return db.transaction((tx) => work(pgliteExecutor(tx)))
    },
  }
}
