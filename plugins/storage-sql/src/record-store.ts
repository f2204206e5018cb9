import type { AetherRecord, RecordStorage, WindowQuery, WriteOutcome } from '@aether/plugin-api'
import type { SqlExecutor } from './sql-executor.js'
import { inTenantScope } from './tenant-scope.js'
import { SqlAuditLedger } from './audit/audit-ledger.js'
import { prepareBatch, type PreparedBatch } from './prepared-batch.js'
import { asRefusal } from './refusals.js'
import { enqueueIn, SqlActionLedger } from './actions/action-ledger.js'
import { SqlRetention } from './retention.js'
import { SqlModelLifecycleStore } from './lifecycle/model-lifecycle-store.js'
import { SqlAdapterStateStore } from './adapter-state/adapter-state-store.js'

// The batch travels as one JSON array of the records themselves; the columns are read from each
// element in SQL. Sending each record once (not also as separate columns) halves what PostgreSQL
// parses, which is most of a write's cost.
const insertBatch = `
  INSERT INTO records (tenant, id, contract, observed_at, region, pool, body)
  SELECT $1, e->>'id', e->>'contract', coalesce(e->>'timestamp', e->>'receivedAt')::timestamptz, e->>'region', e->>'pool', e
  FROM jsonb_array_elements($2::jsonb) AS e`

// The idempotent form skips records already stored and returns one row: how many it inserted
// and which of them are decisions (they need audit entries).
const insertNewRecords = `
  WITH inserted AS (${insertBatch}
    ON CONFLICT (tenant, id) DO NOTHING
    RETURNING id, contract)
  SELECT count(*)::int AS inserted,
         coalesce(array_agg(id) FILTER (WHERE contract IN ('decision.v1', 'decision.v2')), '{}') AS decision_ids
  FROM inserted`

/**
 * Records in SQL, the same for every backend: a batch is written in one transaction (all of it
 * or none), and a record whose id is already stored for the tenant is skipped.
 * Every statement runs in the tenant's scope (row-level security), besides its own WHERE clause.
 * A newly stored decision appends an entry to the tenant's audit ledger in the same transaction,
 * and a guarded one (decision.v2 migrate or drain) enqueues its action in the action ledger.
 */
export class SqlRecordStore implements RecordStorage {
  readonly ledger: SqlAuditLedger
  readonly retention: SqlRetention
  /** The actions its guarded decisions enqueued, for the worker to claim and execute. */
  readonly actions: SqlActionLedger
  /** Model versions' stages and their history (the forecaster's lifecycle), shared by every process of a pipeline. */
  readonly lifecycles: SqlModelLifecycleStore
  /** The sandbox host's kv values and source cursors of its adapters, kept across restarts and processes. */
  readonly adapterState: SqlAdapterStateStore

  constructor(
    private readonly executor: SqlExecutor,
    private readonly description: string,
  ) {
    this.ledger = new SqlAuditLedger(executor)
    this.retention = new SqlRetention(executor, this.ledger)
    this.actions = new SqlActionLedger(executor)
    this.lifecycles = new SqlModelLifecycleStore(executor)
    this.adapterState = new SqlAdapterStateStore(executor)
  }

  async writeBatch(tenant: string, records: AetherRecord[]): Promise<WriteOutcome> {
    if (records.length === 0) return { inserted: 0, duplicates: 0, actionsEnqueued: 0 }
    try {
      return await this.writePrepared(prepareBatch(tenant, records))
    } catch (error) {
      throw asRefusal(error, this.description)
    }
  }

  /**
   * Writes a prepared batch. Most batches are new, so the first attempt is a plain insert, which
   * costs about a sixth less than one that checks every row for a conflict. If any record is
   * already stored, that insert fails on the unique key, its transaction is rolled back, and the
   * batch is written again in the idempotent form, which skips what is stored.
   */
  async writePrepared(batch: PreparedBatch): Promise<WriteOutcome> {
    const { tenant, json, decisions } = batch
    const { inserted, actionsEnqueued } = await inTenantScope(this.executor, tenant, async (tx) => {
      await tx.query(insertBatch, [tenant, json])
      // Every new decision gets its audit entry in the same transaction: both are written or neither.
      await this.ledger.appendIn(tx, tenant, decisions.map((decision) => decision.audit))
      // Guarded decisions become actions in the same transaction: a stored decision always has its action.
      return { inserted: batch.size, actionsEnqueued: await enqueueIn(tx, tenant, batch.actions) }
    }).catch(async (error: unknown) => {
      if (!isStoredAlready(error)) throw error
      return inTenantScope(this.executor, tenant, async (tx) => {
        const { rows } = await tx.query<{ inserted: number; decision_ids: string[] }>(insertNewRecords, [tenant, json])
        const outcome = rows[0] ?? { inserted: 0, decision_ids: [] }
        const newIds = new Set(outcome.decision_ids)
        await this.ledger.appendIn(tx, tenant, decisions.filter((decision) => newIds.has(decision.id)).map((decision) => decision.audit))
        // Only newly stored decisions enqueue: a stored one got its action when it was stored, and a
        // decision made again differently (other guardrail memory) must not add an action that no
        // stored decision asks for.
        const actions = batch.actions.filter((action) => newIds.has(action.id))
        return { inserted: Number(outcome.inserted), actionsEnqueued: await enqueueIn(tx, tenant, actions) }
      })
    })
    return { inserted, duplicates: batch.size - inserted, actionsEnqueued }
  }

  async queryWindow(query: WindowQuery): Promise<AetherRecord[]> {
    const { rows } = await inTenantScope(this.executor, query.tenant, (tx) => tx.query<{ body: AetherRecord }>(
      `SELECT body FROM records
       WHERE tenant = $1 AND contract = $2 AND observed_at >= $3 AND observed_at < $4
       ORDER BY observed_at, id LIMIT $5`,
      [query.tenant, query.contract, query.from, query.to, query.limit ?? 10_000],
    ))
    return rows.map((row) => row.body)
  }

  /** Every record of a tenant in [from, to), all contracts, oldest first, in pages. */
  async *streamWindow(tenant: string, from: string, to: string, pageSize = 5_000): AsyncIterable<AetherRecord[]> {
    let after: { at: string; id: string } | undefined
    for (;;) {
      const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ body: AetherRecord; at: string | Date; id: string }>(
        `SELECT body, observed_at AS at, id FROM records
         WHERE tenant = $1 AND observed_at >= $2 AND observed_at < $3
           AND ($4::timestamptz IS NULL OR (observed_at, id) > ($4::timestamptz, $5::text))
         ORDER BY observed_at, id LIMIT $6`,
        [tenant, from, to, after?.at ?? null, after?.id ?? null, pageSize],
      ))
      if (rows.length === 0) return
      yield rows.map((row) => row.body)
      const last = rows[rows.length - 1] as { at: string | Date; id: string }
      after = { at: new Date(last.at).toISOString(), id: last.id }
      if (rows.length < pageSize) return
    }
  }

  async countByContract(tenant: string): Promise<Record<string, number>> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ contract: string; count: number }>(
      'SELECT contract, count(*)::int AS count FROM records WHERE tenant = $1 GROUP BY contract ORDER BY contract',
      [tenant],
    ))
    return Object.fromEntries(rows.map((row) => [row.contract, Number(row.count)]))
  }

  async ping(): Promise<void> {
    await this.executor.query('SELECT 1')
  }

  describe(): string {
    return this.description
  }
}

/** A unique violation of the records' key: some record of the batch is stored already. */
function isStoredAlready(error: unknown): boolean {
  const { code, constraint } = error as { code?: unknown; constraint?: unknown }
  return code === '23505' && constraint === 'records_pkey'
}
