import { setTimeout as sleep } from 'node:timers/promises'
import type { SqlAuditLedger } from './audit/audit-ledger.js'
import type { SqlExecutor } from './sql-executor.js'
import { inTenantScope } from './tenant-scope.js'
import { LegalHoldExists, LegalHoldUnknown } from './errors.js'
import { checkWindow } from './time-window.js'

/** The TTL of a tenant that set none. */
export const defaultTtlDays = 90

/** A window of time whose records must be kept, whatever their age. */
export interface LegalHold {
  id: string
  from: string
  to: string
  reason: string
}

/** What one garbage collection did. */
export interface CollectionOutcome {
  tenant: string
  ttlDays: number
  /** Records observed before this time were candidates. */
  cutoff: string
  deleted: number
  batches: number
}

// A record may be deleted when it is older than the cutoff, outside every legal hold, and, if it
// is a decision, its audit entry is already covered by an anchor.
const deleteBatch = `
  DELETE FROM records WHERE tenant = $1 AND id IN (
    SELECT r.id FROM records r
    WHERE r.tenant = $1 AND r.observed_at < $2
      AND NOT EXISTS (
        SELECT 1 FROM legal_holds h
        WHERE h.tenant = r.tenant AND r.observed_at >= h.from_time AND r.observed_at < h.to_time)
      AND (r.contract NOT IN ('decision.v1', 'decision.v2') OR EXISTS (
        SELECT 1 FROM audit_entries e JOIN audit_anchors a
          ON a.tenant = e.tenant AND e.seq BETWEEN a.from_seq AND a.to_seq
        WHERE e.tenant = r.tenant AND e.subject = r.id))
    ORDER BY r.observed_at
    LIMIT $3)`

/**
 * Retention: a TTL per tenant (90 days by default), legal holds, and a garbage collector that
 * deletes expired records in bounded batches, each its own short transaction, so it never holds
 * long locks. Audit entries and anchors are never collected. Every change of policy and every
 * collection is recorded in the audit ledger.
 */
export class SqlRetention {
  constructor(
    private readonly executor: SqlExecutor,
    private readonly ledger: SqlAuditLedger,
  ) {}

  async ttlDays(tenant: string): Promise<number> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) =>
      tx.query<{ ttl_days: number }>('SELECT ttl_days FROM retention_policies WHERE tenant = $1', [tenant]))
    return Number(rows[0]?.ttl_days ?? defaultTtlDays)
  }

  async setTtlDays(tenant: string, ttlDays: number, actor: string): Promise<void> {
    await inTenantScope(this.executor, tenant, async (tx) => {
      await tx.query(
        `INSERT INTO retention_policies (tenant, ttl_days) VALUES ($1, $2)
         ON CONFLICT (tenant) DO UPDATE SET ttl_days = EXCLUDED.ttl_days`, [tenant, ttlDays])
      await this.ledger.appendIn(tx, tenant, [{ kind: 'policy-change', actor, subject: 'retention', payload: { ttlDays } }])
    })
  }

  /** Places a hold; refuses (changing nothing) a window whose `from` is not before `to`, or an id the tenant already has. */
  async placeHold(tenant: string, hold: LegalHold, actor: string): Promise<void> {
    checkWindow(hold.from, hold.to)
    await inTenantScope(this.executor, tenant, async (tx) => {
      // ON CONFLICT rather than a look first: two operators placing the same id at once still get
      // one hold and one refusal, never a raw key violation.
      const { rowCount } = await tx.query(
        `INSERT INTO legal_holds (tenant, id, from_time, to_time, reason) VALUES ($1, $2, $3, $4, $5)
         ON CONFLICT (tenant, id) DO NOTHING`,
        [tenant, hold.id, hold.from, hold.to, hold.reason])
      if (rowCount === 0) {
        const [existing] = await this.holdsIn(tx, tenant, hold.id)
        throw new LegalHoldExists([tenant, hold.id, existing === undefined ? 'placed concurrently' : `${existing.from} to ${existing.to}`])
      }
      await this.ledger.appendIn(tx, tenant, [{ kind: 'admin-action', actor, subject: `legal-hold:${hold.id}`, payload: { placed: hold } }])
    })
  }

  /** Releases a hold and returns it; refuses (recording nothing) an id the tenant has no hold of. */
  async releaseHold(tenant: string, id: string, actor: string): Promise<LegalHold> {
    return inTenantScope(this.executor, tenant, async (tx) => {
      const { rows } = await tx.query<HoldRow>('DELETE FROM legal_holds WHERE tenant = $1 AND id = $2 RETURNING *', [tenant, id])
      const released = rows.map(toHold)[0]
      if (released === undefined) throw new LegalHoldUnknown([tenant, id, (await this.holdsIn(tx, tenant)).map((hold) => hold.id)])
      await this.ledger.appendIn(tx, tenant, [{ kind: 'admin-action', actor, subject: `legal-hold:${id}`, payload: { released: id } }])
      return released
    })
  }

  /** The tenant's legal holds, oldest window first. */
  holds(tenant: string): Promise<LegalHold[]> {
    return inTenantScope(this.executor, tenant, (tx) => this.holdsIn(tx, tenant))
  }

  private async holdsIn(tx: SqlExecutor, tenant: string, id?: string): Promise<LegalHold[]> {
    const { rows } = await tx.query<HoldRow>(
      'SELECT * FROM legal_holds WHERE tenant = $1 AND ($2::text IS NULL OR id = $2) ORDER BY from_time, id', [tenant, id ?? null])
    return rows.map(toHold)
  }

  /**
   * Deletes the tenant's expired records, `batchSize` at a time, pausing `pauseMs` between
   * batches so other writers get the table; stops when a batch finds nothing more to delete.
   */
  async collect(tenant: string, options: { now?: Date; batchSize?: number; pauseMs?: number; actor?: string } = {}): Promise<CollectionOutcome> {
    const ttlDays = await this.ttlDays(tenant)
    const cutoff = new Date((options.now ?? new Date()).getTime() - ttlDays * 86_400_000).toISOString()
    const batchSize = options.batchSize ?? 1_000
    let deleted = 0
    let batches = 0
    for (;;) {
      const { rowCount } = await inTenantScope(this.executor, tenant, (tx) => tx.query(deleteBatch, [tenant, cutoff, batchSize]))
      if (rowCount === 0) break
      deleted += rowCount
      batches += 1
      if (rowCount < batchSize) break
      if ((options.pauseMs ?? 0) > 0) await sleep(options.pauseMs)
    }
    const outcome = { tenant, ttlDays, cutoff, deleted, batches }
    await this.ledger.append(tenant, [{ kind: 'admin-action', actor: options.actor ?? 'retention-gc', subject: 'retention-gc', payload: outcome }])
    return outcome
  }
}

interface HoldRow { id: string; from_time: string | Date; to_time: string | Date; reason: string }

function toHold(row: HoldRow): LegalHold {
  return { id: row.id, from: new Date(row.from_time).toISOString(), to: new Date(row.to_time).toISOString(), reason: row.reason }
}
