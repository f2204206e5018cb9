import type { AetherRecord, RecordStorage, WindowQuery, WriteOutcome } from '@aether/core'
import { StorageRecordUntimed, StorageTenantMismatch } from './errors.js'
import type { SqlExecutor } from './sql-executor.js'

const insertBatch = `
  WITH inserted AS (
    INSERT INTO records (tenant, id, contract, observed_at, region, pool, body)
    SELECT $1, r.id, r.contract, r.observed_at, r.region, r.pool, r.body
    FROM jsonb_to_recordset($2::jsonb)
      AS r(id text, contract text, observed_at timestamptz, region text, pool text, body jsonb)
    ON CONFLICT (tenant, id) DO NOTHING
    RETURNING 1
  )
  SELECT count(*)::int AS inserted FROM inserted`

/**
 * Records in SQL, the same for every backend: a batch is one statement in one transaction (all
 * of it is written or none), and a record whose id is already stored for the tenant is skipped.
 */
export class SqlRecordStore implements RecordStorage {
  constructor(
    private readonly executor: SqlExecutor,
    private readonly description: string,
  ) {}

  async writeBatch(tenant: string, records: AetherRecord[]): Promise<WriteOutcome> {
    if (records.length === 0) return { inserted: 0, duplicates: 0 }
    const rows = records.map((record) => toRow(tenant, record))
    // The records travel as one JSON parameter: one round trip per batch, and values are data,
    // never SQL text.
    const { rows: [result] } = await this.executor.query<{ inserted: number }>(insertBatch, [tenant, JSON.stringify(rows)])
    const inserted = Number(result?.inserted ?? 0)
    return { inserted, duplicates: records.length - inserted }
  }

  async queryWindow(query: WindowQuery): Promise<AetherRecord[]> {
    const { rows } = await this.executor.query<{ body: AetherRecord }>(
      `SELECT body FROM records
       WHERE tenant = $1 AND contract = $2 AND observed_at >= $3 AND observed_at < $4
       ORDER BY observed_at, id LIMIT $5`,
      [query.tenant, query.contract, query.from, query.to, query.limit ?? 10_000],
    )
    return rows.map((row) => row.body)
  }

  async countByContract(tenant: string): Promise<Record<string, number>> {
    const { rows } = await this.executor.query<{ contract: string; count: number }>(
      'SELECT contract, count(*)::int AS count FROM records WHERE tenant = $1 GROUP BY contract ORDER BY contract',
      [tenant],
    )
    return Object.fromEntries(rows.map((row) => [row.contract, Number(row.count)]))
  }

  async ping(): Promise<void> {
    await this.executor.query('SELECT 1')
  }

  describe(): string {
    return this.description
  }
}

function toRow(tenant: string, record: AetherRecord): Record<string, unknown> {
  if (record.tenant !== tenant) throw new StorageTenantMismatch([tenant, String(record.tenant), record.id])
  const time = record.timestamp ?? record.receivedAt
  if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) throw new StorageRecordUntimed([record.id, record.contract])
  return {
    id: record.id,
    contract: record.contract,
    observed_at: time,
    region: typeof record.region === 'string' ? record.region : null,
    pool: typeof record.pool === 'string' ? record.pool : null,
    body: record,
  }
}
