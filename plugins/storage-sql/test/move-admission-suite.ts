import type { MoveRequest } from '@aether/plugin-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqlMoveAdmission } from '../src/admissions/sql-move-admission.js'
import type { SqlExecutor } from '../src/sql-executor.js'
import { inTenantScope } from '../src/tenant-scope.js'

const minuteMs = 60_000
const startMs = Date.parse('2023-04-30T00:00:00.000Z')

/** A move of `workload` at `atMinutes` past the start, under a rate of 2 per hour and a 30-minute cool-down. */
function move(workload: string, atMinutes: number, overrides: Partial<MoveRequest> = {}): MoveRequest {
  return {
    region: 'us-east1', workload, decisionKey: `f${atMinutes}/${workload}`, atMs: startMs + atMinutes * minuteMs,
    maxMoves: 2, windowMs: 60 * minuteMs, cooldownMs: 30 * minuteMs, ...overrides,
  }
}

/**
 * Guardrail admission of workload moves, the same on every backend: a rate per tenant and region,
 * a cool-down per workload, one verdict per decision key, and no more admitted moves than the
 * limit however many callers ask at once. Each test uses a tenant of its own.
 */
export function describeMoveAdmission(backend: string, open: () => Promise<{ executor: SqlExecutor; close(): Promise<void> }>): void {
  describe(`move admission on ${backend}`, () => {
    let fixture: { executor: SqlExecutor; close(): Promise<void> }
    let admission: SqlMoveAdmission
    beforeAll(async () => {
      fixture = await open()
      admission = new SqlMoveAdmission(fixture.executor)
    })
    afterAll(async () => { await fixture.close() })

    const outcomes = async (tenant: string, requests: MoveRequest[]) =>
      (await admission.admitBatch(tenant, requests)).map((verdict) => verdict.outcome)

    it('admits at most maxMoves per tenant and region in any window, counting what the window held', async () => {
      const verdicts = await admission.admitBatch('rate', [0, 10, 20, 59, 61, 70, 71].map((at, index) => move(`w${index}`, at)))
      // As the in-memory guardrails: by 61 the move at 0 has left the window, by 70 the one at 10.
      expect(verdicts.map((verdict) => [verdict.outcome, verdict.movesInWindow])).toEqual([
        ['admitted', 0], ['admitted', 1], ['migration-rate', 2], ['migration-rate', 2], ['admitted', 1], ['admitted', 1], ['migration-rate', 2],
      ])
    })

    it('refuses a workload within its cool-down, naming its last move, and admits it once the cool-down is over', async () => {
      expect(await outcomes('cooldown', [move('w', 0)])).toEqual(['admitted'])
      expect(await admission.admitBatch('cooldown', [move('w', 29)])).toEqual([{ outcome: 'cooldown', movesInWindow: 1, lastMoveAtMs: startMs }])
      expect(await admission.admitBatch('cooldown', [move('w', 30)])).toEqual([{ outcome: 'admitted', movesInWindow: 1, lastMoveAtMs: startMs }])
    })

    it('gives a decision key seen before the verdict it got then, in a later batch or the same one, and counts it once', async () => {
      const first = await admission.admitBatch('repeat', [move('a', 0), move('a', 0)])
      expect(first).toEqual([{ outcome: 'admitted', movesInWindow: 0 }, { outcome: 'admitted', movesInWindow: 0 }])
      // A refused one is refused again the same way, although the rule would now let it through.
      expect(await outcomes('repeat', [move('b', 1, { maxMoves: 1 })])).toEqual(['migration-rate'])
      expect(await admission.admitBatch('repeat', [move('a', 0), move('b', 1, { maxMoves: 5 })])).toEqual([
        { outcome: 'admitted', movesInWindow: 0 }, { outcome: 'migration-rate', movesInWindow: 1 },
      ])
      expect(await outcomes('repeat', [move('c', 2)])).toEqual(['admitted'])
    })

    it('counts each region of a tenant apart, and each tenant apart', async () => {
      const one = { maxMoves: 1 }
      expect(await outcomes('region-a', [move('a', 0, one), move('b', 0, { ...one, region: 'us-central1' }), move('c', 1, one)]))
        .toEqual(['admitted', 'admitted', 'migration-rate'])
      expect(await outcomes('region-b', [move('c', 1, one)])).toEqual(['admitted'])
    })

    it('keeps each tenant\'s verdicts from the others: row-level security on the table', async () => {
      await admission.admitBatch('owner', [move('a', 0)])
      const { rows } = await inTenantScope(fixture.executor, 'intruder', (tx) => tx.query('SELECT decision_key FROM move_admissions'))
      expect(rows).toEqual([])
      await expect(inTenantScope(fixture.executor, 'intruder', (tx) => tx.query(
        `INSERT INTO move_admissions (tenant, decision_key, region, workload, moved_at, outcome, moves_in_window)
         VALUES ('owner', 'forged', 'us-east1', 'x', now(), 'admitted', 0)`))).rejects.toThrow(/row-level security/)
    })

    it('admits exactly maxMoves of a storm asked for by many callers at once, each move once', async () => {
      // 60 workloads, each proposed by three callers (a redelivery racing the original), 12 batches at once.
      const storm = Array.from({ length: 60 }, (_, index) => move(`w${index}`, index % 5, { maxMoves: 7 }))
      const batches = Array.from({ length: 12 }, (_, caller) => storm.filter((_, index) => index % 4 === caller % 4))
      const verdicts = await Promise.all(batches.map((batch) => admission.admitBatch('storm', batch)))
      const { rows } = await inTenantScope(fixture.executor, 'storm', (tx) => tx.query<{ outcome: string; count: number }>(
        'SELECT outcome, count(*)::int AS count FROM move_admissions GROUP BY outcome ORDER BY outcome'))
      expect(rows.map((row) => [row.outcome, Number(row.count)])).toEqual([['admitted', 7], ['migration-rate', 53]])
      // Every caller of the same decision got the same verdict.
      const byKey = new Map<string, string[]>()
      batches.forEach((batch, caller) => batch.forEach((request, index) =>
        byKey.set(request.decisionKey, [...byKey.get(request.decisionKey) ?? [], verdicts[caller]?.[index]?.outcome ?? 'missing'])))
      expect([...byKey.values()].every((seen) => seen.length === 3 && new Set(seen).size === 1)).toBe(true)
    })
  })
}
