import { StreamVersionConflict } from './errors.js'
import type { SqlExecutor } from './sql-executor.js'
import { inTenantScope } from './tenant-scope.js'

/** An event to append: its type and data (any JSON). */
export interface NewEvent {
  type: string
  data: unknown
}

/** An event as stored, with its position in the stream. */
export interface StoredEvent extends NewEvent {
  streamId: string
  version: number
  recordedAt: string
}

/** How a stream's events fold into a state. `id` (name@version) ties snapshots to this logic. */
export interface Projection<State> {
  id: string
  initial(): State
  apply(state: State, event: StoredEvent): State
}

/** A rebuilt state and how it was reached. */
export interface Rebuilt<State> {
  state: State
  version: number
  /** The snapshot version it started from, if any. */
  snapshotVersion: number | undefined
  /** Events applied after the snapshot (or from the start). */
  replayed: number
}

const pageSize = 5_000

/**
 * Append-only event streams with optimistic concurrency, and snapshots so that rebuilding a long
 * stream reads the latest snapshot plus its tail. Every statement runs in the tenant's scope.
 */
export class SqlEventStore {
  constructor(
    private readonly executor: SqlExecutor,
    /** A rebuild that replays at least this many events saves a snapshot. */
    private readonly snapshotEvery = 1_000,
  ) {}

  /**
   * Appends events if the stream is at `expectedVersion` (0 for a new stream); returns the new
   * version. Throws StreamVersionConflict otherwise, also when a concurrent append wins the race.
   */
  async append(tenant: string, streamId: string, expectedVersion: number, events: NewEvent[]): Promise<number> {
    if (events.length === 0) return expectedVersion
    return inTenantScope(this.executor, tenant, async (tx) => {
      const actual = await currentVersion(tx, tenant, streamId)
      if (actual !== expectedVersion) throw new StreamVersionConflict([streamId, expectedVersion, actual])
      try {
        await tx.query(
          `INSERT INTO events (tenant, stream_id, version, type, data)
           SELECT $1, $2, $3 + e.ordinality, e.value->>'type', e.value->'data'
           FROM jsonb_array_elements($4::jsonb) WITH ORDINALITY AS e`,
          [tenant, streamId, expectedVersion, JSON.stringify(events.map((event) => ({ type: event.type, data: event.data ?? null })))],
        )
      } catch (error) {
        if ((error as { code?: string }).code === '23505') {
          throw new StreamVersionConflict([streamId, expectedVersion, expectedVersion + 1], { cause: error })
        }
        throw error
      }
      return expectedVersion + events.length
    })
  }

  /** The stream's current version (0 when it has no events). */
  version(tenant: string, streamId: string): Promise<number> {
    return inTenantScope(this.executor, tenant, (tx) => currentVersion(tx, tenant, streamId))
  }

  /** Events after `afterVersion`, oldest first, in pages. */
  async *read(tenant: string, streamId: string, afterVersion = 0): AsyncIterable<StoredEvent[]> {
    for (let from = afterVersion; ;) {
      const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{
        version: number; type: string; data: unknown; recorded_at: string | Date
      }>(
        `SELECT version, type, data, recorded_at FROM events
         WHERE tenant = $1 AND stream_id = $2 AND version > $3 ORDER BY version LIMIT $4`,
        [tenant, streamId, from, pageSize],
      ))
      if (rows.length === 0) return
      yield rows.map((row) => ({
        streamId, version: Number(row.version), type: row.type, data: row.data,
        recordedAt: new Date(row.recorded_at).toISOString(),
      }))
      from = Number(rows[rows.length - 1]?.version)
      if (rows.length < pageSize) return
    }
  }

  /**
   * Rebuilds a stream's state: from the latest snapshot of this projection plus the events after
   * it, or from the start with `useSnapshot: false`. Saves a snapshot when it replayed
   * `snapshotEvery` events or more.
   */
  async rebuild<State>(tenant: string, streamId: string, projection: Projection<State>, options: { useSnapshot?: boolean } = {}): Promise<Rebuilt<State>> {
    const snapshot = options.useSnapshot === false ? undefined : await this.#latestSnapshot<State>(tenant, streamId, projection.id)
    let state = snapshot?.state ?? projection.initial()
    let version = snapshot?.version ?? 0
    let replayed = 0
    for await (const page of this.read(tenant, streamId, version)) {
      for (const event of page) state = projection.apply(state, event)
      replayed += page.length
      version = page[page.length - 1]?.version ?? version
    }
    if (replayed >= this.snapshotEvery) await this.saveSnapshot(tenant, streamId, projection.id, version, state)
    return { state, version, snapshotVersion: snapshot?.version, replayed }
  }

  /** Stores a projection's state at a version. */
  async saveSnapshot(tenant: string, streamId: string, projectionId: string, version: number, state: unknown): Promise<void> {
    await inTenantScope(this.executor, tenant, (tx) => tx.query(
      `INSERT INTO snapshots (tenant, stream_id, projection, version, state) VALUES ($1, $2, $3, $4, $5::jsonb)
       ON CONFLICT DO NOTHING`,
      [tenant, streamId, projectionId, version, JSON.stringify(state)],
    ))
  }

  async #latestSnapshot<State>(tenant: string, streamId: string, projectionId: string): Promise<{ version: number; state: State } | undefined> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ version: number; state: State }>(
      `SELECT version, state FROM snapshots WHERE tenant = $1 AND stream_id = $2 AND projection = $3
       ORDER BY version DESC LIMIT 1`,
      [tenant, streamId, projectionId],
    ))
    const row = rows[0]
    return row === undefined ? undefined : { version: Number(row.version), state: row.state }
  }
}

async function currentVersion(tx: SqlExecutor, tenant: string, streamId: string): Promise<number> {
  const { rows } = await tx.query<{ version: number | null }>(
    'SELECT max(version) AS version FROM events WHERE tenant = $1 AND stream_id = $2', [tenant, streamId])
  return Number(rows[0]?.version ?? 0)
}
