import type { SqlExecutor } from './sql-executor.js'

/** The role every tenant-scoped transaction runs as: row-level security applies to it. */
export const applicationRole = 'aether_app'

/**
 * Runs `work` in a transaction that sees one tenant's rows only: it switches to the application
 * role (which does not own the tables, so row-level security applies) and sets `aether.tenant`,
 * both for this transaction alone. The tenant is a parameter, never SQL text.
 */
export function inTenantScope<T>(executor: SqlExecutor, tenant: string, work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
  return executor.transaction(async (tx) => {
    await tx.query("SELECT set_config('aether.tenant', $1, true), set_config('role', $2, true)", [tenant, applicationRole])
    return work(tx)
  })
}
