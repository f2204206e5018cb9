import type { SqlExecutor } from '../sql-executor.js'
import { inTenantScope } from '../tenant-scope.js'

/** A model version's stage as stored; the forecaster owns what the stages mean. */
export interface StoredModelVersion {
  version: string
  stage: string
  canaryShare?: number
}

/** A stage change as stored, append-only. */
export interface StoredLifecycleEvent {
  version: string
  from: string
  to: string
  reason: string
  detail: string
  /** ISO 8601. */
  at: string
}

/** A lifecycle as stored: revision 0 with nothing in it when it was never written. */
export interface StoredLifecycle {
  revision: number
  versions: StoredModelVersion[]
  events: StoredLifecycleEvent[]
}

/** A change to write, made from the state read at `expectedRevision`. */
export interface LifecycleChange {
  expectedRevision: number
  /** Every version's stage after the change (versions not listed keep their rows). */
  versions: readonly StoredModelVersion[]
  /** The stage changes it made, appended to the history. */
  events: readonly StoredLifecycleEvent[]
}

/** Whether a change was written; when not, another writer moved the revision to `revision` first. */
export interface LifecycleWrite {
  isApplied: boolean
  revision: number
}

interface EventRow { version: string; from_stage: string; to_stage: string; reason: string; detail: string; at: string | Date }
interface VersionRow { version: string; stage: string; canary_share: number | null }

/**
 * Model lifecycle state in SQL: each version's stage and the history of stage changes, per
 * tenant and lifecycle name. A write names the revision it was made from and goes through only
 * if that is still the current one; the stages, the events and the new revision are written in
 * one transaction, so a reader never sees a change half done. The revision is one indexed row,
 * cheap enough for a running pipeline to poll.
 */
export class SqlModelLifecycleStore {
  constructor(private readonly executor: SqlExecutor) {}

  /** The current revision, 0 when the lifecycle was never written. */
  async revision(tenant: string, lifecycle: string): Promise<number> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ revision: string | number }>(
      'SELECT revision FROM model_lifecycles WHERE tenant = $1 AND lifecycle = $2', [tenant, lifecycle]))
    return rows[0] === undefined ? 0 : Number(rows[0].revision)
  }

  /** The stages and the whole history, as of one revision (read in one transaction). */
  read(tenant: string, lifecycle: string): Promise<StoredLifecycle> {
    return inTenantScope(this.executor, tenant, async (tx) => {
      const head = await tx.query<{ revision: string | number }>('SELECT revision FROM model_lifecycles WHERE tenant = $1 AND lifecycle = $2', [tenant, lifecycle])
      if (head.rows[0] === undefined) return { revision: 0, versions: [], events: [] }
      const versions = await tx.query<VersionRow>(
        'SELECT version, stage, canary_share FROM model_lifecycle_versions WHERE tenant = $1 AND lifecycle = $2 ORDER BY version', [tenant, lifecycle])
      const events = await tx.query<EventRow>(
        `SELECT version, from_stage, to_stage, reason, detail, at FROM model_lifecycle_events
         WHERE tenant = $1 AND lifecycle = $2 ORDER BY revision, seq`, [tenant, lifecycle])
      return {
        revision: Number(head.rows[0].revision),
        versions: versions.rows.map(({ version, stage, canary_share: share }) => (share === null ? { version, stage } : { version, stage, canaryShare: Number(share) })),
        events: events.rows.map((row) => ({
          version: row.version, from: row.from_stage, to: row.to_stage, reason: row.reason, detail: row.detail, at: new Date(row.at).toISOString(),
        })),
      }
    })
  }

  /**
   * Writes the change if the lifecycle is still at `expectedRevision`; returns the new revision,
   * or `isApplied: false` with the current one (the caller re-reads and decides again).
   */
  write(tenant: string, lifecycle: string, change: LifecycleChange): Promise<LifecycleWrite> {
    return inTenantScope(this.executor, tenant, async (tx) => {
      // The compare-and-set: the row lock the UPDATE takes makes a second writer of the same
      // revision wait, then find the revision moved and update nothing.
      const moved = change.expectedRevision === 0
        ? await tx.query<{ revision: string | number }>(
          `INSERT INTO model_lifecycles (tenant, lifecycle, revision) VALUES ($1, $2, 1)
           ON CONFLICT (tenant, lifecycle) DO NOTHING RETURNING revision`, [tenant, lifecycle])
        : await tx.query<{ revision: string | number }>(
          `UPDATE model_lifecycles SET revision = revision + 1, updated_at = now()
           WHERE tenant = $1 AND lifecycle = $2 AND revision = $3 RETURNING revision`, [tenant, lifecycle, change.expectedRevision])
      const written = moved.rows[0]
      if (written === undefined) return { isApplied: false, revision: await this.#revisionIn(tx, tenant, lifecycle) }
      const revision = Number(written.revision)
      await tx.query(
        `INSERT INTO model_lifecycle_versions (tenant, lifecycle, version, stage, canary_share)
         SELECT $1, $2, e->>'version', e->>'stage', (e->>'canaryShare')::double precision FROM jsonb_array_elements($3::jsonb) AS e
         ON CONFLICT (tenant, lifecycle, version) DO UPDATE SET stage = excluded.stage, canary_share = excluded.canary_share`,
        [tenant, lifecycle, JSON.stringify(change.versions)])
      await tx.query(
        `INSERT INTO model_lifecycle_events (tenant, lifecycle, revision, seq, version, from_stage, to_stage, reason, detail, at)
         SELECT $1, $2, $3, e.seq, e.value->>'version', e.value->>'from', e.value->>'to', e.value->>'reason', e.value->>'detail', (e.value->>'at')::timestamptz
         FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e(value, seq)`,
        [tenant, lifecycle, revision, JSON.stringify(change.events)])
      return { isApplied: true, revision }
    })
  }

  async #revisionIn(tx: SqlExecutor, tenant: string, lifecycle: string): Promise<number> {
    const { rows } = await tx.query<{ revision: string | number }>('SELECT revision FROM model_lifecycles WHERE tenant = $1 AND lifecycle = $2', [tenant, lifecycle])
    return rows[0] === undefined ? 0 : Number(rows[0].revision)
  }
}
