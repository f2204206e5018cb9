import type { MoveAdmission, MoveRequest, MoveVerdict } from '@aether/plugin-api'
import type { SqlExecutor } from '../sql-executor.js'
import { inTenantScope } from '../tenant-scope.js'

interface VerdictRow {
  decision_key: string
  outcome: MoveVerdict['outcome']
  moves_in_window: number
  last_move_ms: number | string | null
}

// Advisory lock classes (the first key of pg_advisory_xact_lock(int, int)): one for the rate of
// a tenant and region, one for the cool-down of a tenant's workload. Any fixed numbers work as
// long as nothing else in the database locks with them (migrate.ts uses the one-key form).
const regionLockClass = 4_242_006
const workloadLockClass = 4_242_007

// Takes every lock a batch needs in one statement, in one global order (class, then key), so two
// batches that need some of the same locks never wait on each other in a cycle. A hash collision
// only makes two keys share a lock: more waiting, never less safety.
const lockAll = `
  SELECT count(pg_advisory_xact_lock(lock_class, lock_key)) FROM (
    SELECT DISTINCT lock_class, hashtext(name) AS lock_key
    FROM unnest($1::int[], $2::text[]) AS wanted(lock_class, name)
    ORDER BY lock_class, lock_key OFFSET 0) AS ordered`

// Times go back as whole ms; round, not floor: extract() is a float before PostgreSQL 14.
const earlierVerdicts = `
  SELECT decision_key, outcome, moves_in_window, round(extract(epoch FROM last_move_at) * 1000)::float8 AS last_move_ms
  FROM move_admissions WHERE tenant = $1 AND decision_key = ANY($2)`

// The facts a verdict is made on. The rate: the most admitted moves of the tenant and region in
// any window (e - W, e] that would hold this move (t), i.e. for every end e in [t, t + W); the
// count only rises at a move, so the ends to try are t and the moves in (t, t + W). Forecasts
// reach concurrent consumers out of order, and a move must not overfill a window that a later
// move already filled; in order, this is the count of (t - W, t], as in memory.
// The cool-down: the workload's latest admitted move at or before t, and its first after t.
const facts = `
  SELECT
    (SELECT coalesce(max((
       SELECT count(*) FROM move_admissions m
       WHERE m.tenant = $1 AND m.region = $2 AND m.outcome = 'admitted'
         AND m.moved_at > ends.at - $5 * interval '1 millisecond' AND m.moved_at <= ends.at)), 0)::int
     FROM (SELECT $4::timestamptz AS at
           UNION SELECT moved_at FROM move_admissions
           WHERE tenant = $1 AND region = $2 AND outcome = 'admitted'
             AND moved_at > $4::timestamptz AND moved_at < $4::timestamptz + $5 * interval '1 millisecond') AS ends
    ) AS moves_in_window,
    (SELECT round(extract(epoch FROM max(moved_at)) * 1000)::float8 FROM move_admissions
     WHERE tenant = $1 AND workload = $3 AND outcome = 'admitted' AND moved_at <= $4::timestamptz) AS move_before_ms,
    (SELECT round(extract(epoch FROM min(moved_at)) * 1000)::float8 FROM move_admissions
     WHERE tenant = $1 AND workload = $3 AND outcome = 'admitted' AND moved_at > $4::timestamptz) AS move_after_ms`

interface FactsRow {
  moves_in_window: number
  move_before_ms: number | string | null
  move_after_ms: number | string | null
}

const insertVerdict = `
  INSERT INTO move_admissions (tenant, decision_key, region, workload, moved_at, outcome, moves_in_window, last_move_at)
  VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`

/**
 * Guardrail admission in SQL, shared by every process on the database: a batch is judged in one
 * transaction that holds an advisory lock per tenant and region and per workload it touches, so
 * concurrent policy consumers see each other's moves and together never exceed a window's rate.
 * Each verdict is stored under its decision key: a redelivery gets the same one and counts once.
 */
export class SqlMoveAdmission implements MoveAdmission {
  constructor(private readonly executor: SqlExecutor) {}

  admitBatch(tenant: string, requests: MoveRequest[]): Promise<MoveVerdict[]> {
    if (requests.length === 0) return Promise.resolve([])
    return inTenantScope(this.executor, tenant, async (tx) => {
      const classes = [...requests.map(() => regionLockClass), ...requests.map(() => workloadLockClass)]
      const names = [...requests.map((r) => `${tenant}\u001f${r.region}`), ...requests.map((r) => `${tenant}\u001f${r.workload}`)]
      await tx.query(lockAll, [classes, names])
      const { rows } = await tx.query<VerdictRow>(earlierVerdicts, [tenant, requests.map((r) => r.decisionKey)])
      const given = new Map(rows.map((row) => [row.decision_key, verdictOf(row)]))
      const verdicts: MoveVerdict[] = []
      for (const request of requests) {
        const earlier = given.get(request.decisionKey)
        const verdict = earlier ?? await judge(tx, tenant, request)
        given.set(request.decisionKey, verdict)
        verdicts.push(verdict)
      }
      return verdicts
    })
  }
}

/** Judges one request on the moves admitted so far and stores the verdict. */
async function judge(tx: SqlExecutor, tenant: string, request: MoveRequest): Promise<MoveVerdict> {
  const at = new Date(request.atMs).toISOString()
  const { rows } = await tx.query<FactsRow>(facts, [tenant, request.region, request.workload, at, request.windowMs])
  const movesInWindow = Number(rows[0]?.moves_in_window ?? 0)
  const lastMoveAtMs = nearest(request.atMs, msOrUndefined(rows[0]?.move_before_ms), msOrUndefined(rows[0]?.move_after_ms))
  const isCooling = lastMoveAtMs !== undefined && Math.abs(request.atMs - lastMoveAtMs) < request.cooldownMs
  const outcome = isCooling ? 'cooldown' : movesInWindow >= request.maxMoves ? 'migration-rate' : 'admitted'
  const verdict: MoveVerdict = { outcome, movesInWindow }
  if (lastMoveAtMs !== undefined) verdict.lastMoveAtMs = lastMoveAtMs
  await tx.query(insertVerdict, [
    tenant, request.decisionKey, request.region, request.workload, at, outcome, movesInWindow,
    lastMoveAtMs === undefined ? null : new Date(lastMoveAtMs).toISOString(),
  ])
  return verdict
}

// The workload's move nearest in event time; the earlier one on a tie.
function nearest(atMs: number, beforeMs: number | undefined, afterMs: number | undefined): number | undefined {
  if (beforeMs === undefined || afterMs === undefined) return beforeMs ?? afterMs
  return afterMs - atMs < atMs - beforeMs ? afterMs : beforeMs
}

function msOrUndefined(value: number | string | null | undefined): number | undefined {
  return value === null || value === undefined ? undefined : Number(value)
}

function verdictOf(row: VerdictRow): MoveVerdict {
  const verdict: MoveVerdict = { outcome: row.outcome, movesInWindow: Number(row.moves_in_window) }
  const lastMoveAtMs = msOrUndefined(row.last_move_ms)
  if (lastMoveAtMs !== undefined) verdict.lastMoveAtMs = lastMoveAtMs
  return verdict
}
