import { ActionLeaseLost } from '../errors.js'
import type { SqlExecutor } from '../sql-executor.js'
import { inTenantScope } from '../tenant-scope.js'
import type { ActionRequest, ClaimedAction } from './action.js'

/** An action as the ledger holds it. */
export interface LedgerAction extends ActionRequest {
  state: 'pending' | 'claimed' | 'done'
  attempts: number
  token: number | undefined
  owner: string | undefined
  outcome: string | undefined
}

interface ActionRow {
  id: string; workload: string; kind: 'migrate' | 'drain'; decision: ActionRequest['decision']; state: LedgerAction['state']
  attempts: number; fencing_token: string | number | null; lease_owner: string | null; outcome: string | null
}

// Takes the oldest action that is pending or whose lease ran out; SKIP LOCKED lets concurrent
// workers take different actions instead of queueing on one row. Each claim draws a new token.
const claimNext = `
  UPDATE actions SET state = 'claimed', lease_owner = $2, attempts = attempts + 1,
         lease_expires_at = clock_timestamp() + $3 * interval '1 millisecond',
         fencing_token = nextval('action_fencing_tokens')
  WHERE (tenant, id) = (
    SELECT tenant, id FROM actions
    WHERE tenant = $1 AND (state = 'pending' OR (state = 'claimed' AND lease_expires_at <= clock_timestamp()))
    ORDER BY created_at, id LIMIT 1 FOR UPDATE SKIP LOCKED)
  RETURNING id, workload, kind, decision, attempts, fencing_token`

/**
 * Actions in SQL with leases and fencing tokens. Enqueueing is idempotent (the action's id is
 * its decision's), a claim holds an action for a lease and hands out a token larger than any
 * before, and only the holder of the current token may complete it.
 */
export class SqlActionLedger {
  constructor(private readonly executor: SqlExecutor) {}

  /** Adds actions not yet in the ledger; returns how many were new. */
  enqueue(tenant: string, actions: readonly ActionRequest[]): Promise<number> {
    if (actions.length === 0) return Promise.resolve(0)
    return inTenantScope(this.executor, tenant, (tx) => enqueueIn(tx, tenant, actions))
  }

  /** Claims the oldest claimable action for `leaseMs`, or returns undefined when there is none. */
  async claim(tenant: string, owner: string, leaseMs: number): Promise<ClaimedAction | undefined> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<ActionRow>(claimNext, [tenant, owner, leaseMs]))
    const row = rows[0]
    if (row === undefined) return undefined
    return { id: row.id, workload: row.workload, kind: row.kind, decision: row.decision, attempts: Number(row.attempts), token: Number(row.fencing_token), owner }
  }

  /** True while `token` is the action's current claim and its lease has not run out. */
  async holdsLease(tenant: string, id: string, token: number): Promise<boolean> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ held: boolean }>(
      `SELECT (state = 'claimed' AND fencing_token = $3 AND lease_expires_at > clock_timestamp()) AS held
       FROM actions WHERE tenant = $1 AND id = $2`, [tenant, id, token]))
    return rows[0]?.held === true
  }

  /** Extends the lease of the current claim; throws ActionLeaseLost when the claim is not current. */
  async renew(tenant: string, id: string, token: number, leaseMs: number): Promise<void> {
    const { rowCount } = await inTenantScope(this.executor, tenant, (tx) => tx.query(
      `UPDATE actions SET lease_expires_at = clock_timestamp() + $4 * interval '1 millisecond'
       WHERE tenant = $1 AND id = $2 AND state = 'claimed' AND fencing_token = $3 AND lease_expires_at > clock_timestamp()`,
      [tenant, id, token, leaseMs]))
    if (rowCount !== 1) throw new ActionLeaseLost([id, token])
  }

  /**
   * Marks the action done with its outcome. Only the current claim may: a later claim (a larger
   * token) means another worker took it over, and this one gets ActionLeaseLost. A lease that ran
   * out with no new claim still completes: the execution it reports happened.
   */
  async complete(tenant: string, id: string, token: number, outcome: string): Promise<void> {
    const { rowCount } = await inTenantScope(this.executor, tenant, (tx) => tx.query(
      `UPDATE actions SET state = 'done', outcome = $4, done_at = clock_timestamp(), lease_owner = NULL, lease_expires_at = NULL
       WHERE tenant = $1 AND id = $2 AND state = 'claimed' AND fencing_token = $3`, [tenant, id, token, outcome]))
    if (rowCount !== 1) throw new ActionLeaseLost([id, token])
  }

  /** Every action of a tenant, oldest first. */
  async list(tenant: string): Promise<LedgerAction[]> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<ActionRow>(
      `SELECT id, workload, kind, decision, state, attempts, fencing_token, lease_owner, outcome FROM actions
       WHERE tenant = $1 ORDER BY created_at, id`, [tenant]))
    return rows.map((row) => ({
      id: row.id, workload: row.workload, kind: row.kind, decision: row.decision, state: row.state, attempts: Number(row.attempts),
      token: row.fencing_token === null ? undefined : Number(row.fencing_token), owner: row.lease_owner ?? undefined, outcome: row.outcome ?? undefined,
    }))
  }
}

/** Adds actions not yet in the ledger inside a transaction already scoped to `tenant`; returns how many were new. */
export async function enqueueIn(tx: SqlExecutor, tenant: string, actions: readonly ActionRequest[]): Promise<number> {
  if (actions.length === 0) return 0
  const { rowCount } = await tx.query(
    `INSERT INTO actions (tenant, id, workload, kind, decision)
     SELECT $1, e->>'id', e->>'workload', e->>'kind', e->'decision' FROM jsonb_array_elements($2::jsonb) AS e
     ON CONFLICT (tenant, id) DO NOTHING`,
    [tenant, JSON.stringify(actions)],
  )
  return rowCount
}
