/** Rows of a query result. */
export interface SqlResult<Row> {
  rows: Row[]
  /** Rows the statement inserted, updated or deleted (0 for a query). */
  rowCount: number
}

/**
 * The little the record store needs from a database connection. PGlite and node-postgres are
 * adapted to it, so both backends run exactly the same SQL.
 */
export interface SqlExecutor {
  /** One statement, with `$1`-style parameters. */
  query<Row = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<SqlResult<Row>>
  /** A script of several statements, without parameters (migrations). */
  exec(sql: string): Promise<void>
  /** Runs `work` in one transaction: committed when it resolves, rolled back when it throws. */
  transaction<T>(work: (executor: SqlExecutor) => Promise<T>): Promise<T>
}
