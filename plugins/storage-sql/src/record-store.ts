import type { AetherRecord, RecordStorage, WindowQuery, WriteOutcome } from '@aether/core'
import { StorageRecordUntimed, StorageTenantMismatch } from './errors.js'
import type { SqlExecutor } from './sql-executor.js'
import { inTenantScope } from './tenant-scope.js'
import { contentHash } from './audit/audit-chain.js'
import { SqlAuditLedger, type AuditEvent } from './audit/audit-ledger.js'
import { SqlRetention } from './retention.js'

// The batch travels as one JSON array of the records themselves; the columns are read from each
// element in SQL. Sending each record once (not also as separate columns) halves what PostgreSQL
// parses, which is most of a write's cost.
const insertBatch = `
  INSERT INTO records (tenant, id, contract, observed_at, region, pool, body)
  SELECT $1, e->>'id', e->>'contract', coalesce(e->>'timestamp', e->>'receivedAt')::timestamptz, e->>'region', e->>'pool', e
  FROM jsonb_array_elements($2::jsonb) AS e
  ON CONFLICT (tenant, id) DO NOTHING`

// Batches with decisions need the ids of the decisions they newly stored, for the audit ledger.
// Returning every inserted id costs about an eighth of a write (most of it building, sending and
// parsing a row per record), so the rows stay in the statement: it returns one row, the count
// and the new decisions' ids.
const insertBatchReturningDecisionIds = `
  WITH inserted AS (${insertBatch}
    RETURNING id, contract)
  SELECT count(*)::int AS inserted,
         coalesce(array_agg(id) FILTER (WHERE contract = 'decision.v1'), '{}') AS decision_ids
  FROM inserted`

/**
 * Records in SQL, the same for every backend: a batch is one statement in one transaction (all
 * of it is written or none), and a record whose id is already stored for the tenant is skipped.
 * Every statement runs in the tenant's scope (row-level security), besides its own WHERE clause.
 * A newly stored decision appends an entry to the tenant's audit ledger in the same transaction.
 */
export class SqlRecordStore implements RecordStorage {
  readonly ledger: SqlAuditLedger
  readonly retention: SqlRetention

  constructor(
    private readonly executor: SqlExecutor,
    private readonly description: string,
  ) {
    this.ledger = new SqlAuditLedger(executor)
    this.retention = new SqlRetention(executor, this.ledger)
  }

  async writeBatch(tenant: string, records: AetherRecord[]): Promise<WriteOutcome> {
    if (records.length === 0) return { inserted: 0, duplicates: 0 }
    assertStorable(tenant, records)
    // One parameter, one round trip per batch; values are data, never SQL text.
    const hasDecisions = records.some((record) => record.contract === 'decision.v1')
    const inserted = await inTenantScope(this.executor, tenant, async (tx) => {
      if (!hasDecisions) return (await tx.query(insertBatch, [tenant, JSON.stringify(records)])).rowCount
      const { rows } = await tx.query<{ inserted: number; decision_ids: string[] }>(
        insertBatchReturningDecisionIds, [tenant, JSON.stringify(records)])
      const outcome = rows[0] ?? { inserted: 0, decision_ids: [] }
      // Every new decision gets its audit entry in the same transaction: both are written or neither.
      await this.ledger.appendIn(tx, tenant, decisionEntries(records, new Set(outcome.decision_ids)))
      return Number(outcome.inserted)
    })
    return { inserted, duplicates: records.length - inserted }
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

function decisionEntries(records: AetherRecord[], insertedIds: Set<string>): AuditEvent[] {
  return records
    .filter((record) => record.contract === 'decision.v1' && insertedIds.has(record.id))
    .map((record) => ({
      kind: 'decision',
      actor: String(record.source),
      subject: record.id,
      payload: { contentHash: contentHash(record), action: record.action, forecastId: record.forecastId },
    }))
}

function assertStorable(tenant: string, records: AetherRecord[]): void {
  // Most records share the previous one's time: a time already found valid is not parsed again.
  let validTime: string | undefined
  for (const record of records) {
    if (record.tenant !== tenant) throw new StorageTenantMismatch([tenant, String(record.tenant), record.id])
    const time = record.timestamp ?? record.receivedAt
    if (time !== undefined && time === validTime) continue
    if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) throw new StorageRecordUntimed([record.id, record.contract])
    validTime = time
  }
}
