import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import type { ActionRequest, ClaimedAction } from '../src/actions/action.js'
import { SqlActionLedger } from '../src/actions/action-ledger.js'
import { ActionWorker, type WorkStep } from '../src/actions/action-worker.js'
import { FencedFileExecutor } from '../src/actions/fenced-file-executor.js'
import type { SqlExecutor } from '../src/sql-executor.js'
import { SqlRecordStore } from '../src/record-store.js'

const temporaryDirectory = temporaryDirectories()

/** An action request for tests, its id a decision-like 32 hex digits. */
export function actionRequest(n: number, kind: 'migrate' | 'drain' = 'migrate'): ActionRequest {
  return {
    id: n.toString(16).padStart(32, '0'), workload: `workload-${n}`, kind,
    decision: { region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', riskAllocation: kind === 'drain' ? 1 : 0.5, forecastId: 'f'.repeat(32), policy: 'rules@1' },
  }
}

/** A promise and the function that settles it: a worker paused at a step until the test says go. */
function gate(): { wait: Promise<void>; open: () => void } {
  let open = () => {}
  const wait = new Promise<void>((resolve) => { open = resolve })
  return { wait, open }
}

async function eventually<T>(probe: () => Promise<T | undefined>, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 25))
  }
}

/** The action ledger's leases and fencing, the same on every backend. */
export function describeActionLedger(backend: string, open: () => Promise<{ executor: SqlExecutor; close(): Promise<void> }>): void {
  describe(`action ledger on ${backend}`, () => {
    let fixture: { executor: SqlExecutor; close(): Promise<void> }
    let ledger: SqlActionLedger
    beforeAll(async () => {
      fixture = await open()
      ledger = new SqlActionLedger(fixture.executor)
    })
    afterAll(async () => { await fixture.close() })

    it('adds a replayed decision\'s action once', async () => {
      expect(await ledger.enqueue('replay', [actionRequest(1), actionRequest(2)])).toBe(2)
      expect(await ledger.enqueue('replay', [actionRequest(2), actionRequest(3)])).toBe(1)
      expect((await ledger.list('replay')).map((action) => [action.workload, action.state])).toEqual([
        ['workload-1', 'pending'], ['workload-2', 'pending'], ['workload-3', 'pending'],
      ])
    })

    it('enqueues the action of a newly stored guarded decision in the same write, once however often it is written', async () => {
      const store = new SqlRecordStore(fixture.executor, backend)
      const guarded = (id: string, action: string) => ({
        id, tenant: 'stored', contract: 'decision.v2', source: 'policy:rules', sourceEventId: id, timestamp: '2023-04-30T01:00:00.000Z',
        region: 'us-east1', pool: 'c3-highcpu-88', forecastId: 'f'.repeat(32), workload: `w-${id.slice(0, 2)}`, action,
        probability: 0.9, confidence: 0.9, riskAllocation: 1, policy: 'rules@1', explanation: 'x',
      })
      expect(await store.writeBatch('stored', [guarded('1'.repeat(32), 'drain'), guarded('2'.repeat(32), 'hold')]))
        .toEqual({ inserted: 2, duplicates: 0, actionsEnqueued: 1 })
      expect(await store.writeBatch('stored', [guarded('1'.repeat(32), 'drain'), guarded('3'.repeat(32), 'migrate')]))
        .toEqual({ inserted: 1, duplicates: 1, actionsEnqueued: 1 })
      // Decided again differently (a policy without the first one's guardrail memory): the stored
      // hold stands, so no action is enqueued for it.
      expect(await store.writeBatch('stored', [guarded('2'.repeat(32), 'drain')])).toEqual({ inserted: 0, duplicates: 1, actionsEnqueued: 0 })
      expect((await ledger.list('stored')).map((action) => [action.id.slice(0, 2), action.kind, action.state])).toEqual([
        ['11', 'drain', 'pending'], ['33', 'migrate', 'pending'],
      ])
    })

    it('gives every claim a larger fencing token, and a held action to no second claim', async () => {
      await ledger.enqueue('claims', [actionRequest(1), actionRequest(2)])
      const first = await ledger.claim('claims', 'a', 60_000)
      const second = await ledger.claim('claims', 'b', 60_000)
      expect([first?.id, second?.id]).toEqual([actionRequest(1).id, actionRequest(2).id])
      expect((second?.token ?? 0) > (first?.token ?? 0)).toBe(true)
      expect(await ledger.claim('claims', 'c', 60_000)).toBeUndefined()
    })

    it('lets only the holder of the current token complete an action', async () => {
      await ledger.enqueue('complete', [actionRequest(1)])
      const first = await ledger.claim('complete', 'a', 1) as ClaimedAction
      const second = await eventually(() => ledger.claim('complete', 'b', 60_000))
      await expect(ledger.complete('complete', first.id, first.token, 'executed')).rejects.toMatchObject({ code: 'AETHER_E_STORAGE_ACTION_LEASE_LOST' })
      await ledger.complete('complete', second.id, second.token, 'executed')
      expect((await ledger.list('complete'))[0]).toMatchObject({ state: 'done', attempts: 2, token: second.token, outcome: 'executed' })
    })

    it('keeps a worker whose lease ran out from executing; the next claim executes the action once', async () => {
      const effects = new FencedFileExecutor(join(await temporaryDirectory('aether-actions-'), 'effects.jsonl'))
      await ledger.enqueue('lease', [actionRequest(7)])
      const paused = gate()
      const claimed = gate()
      const slow = new ActionWorker(ledger, effects, { tenant: 'lease', owner: 'slow', leaseMs: 200, onStep: async (step: WorkStep) => {
        if (step !== 'claimed') return
        claimed.open()
        await paused.wait
      } })
      const slowOutcome = slow.runOnce()
      await claimed.wait
      const fast = new ActionWorker(ledger, effects, { tenant: 'lease', owner: 'fast', leaseMs: 60_000 })
      const fastOutcome = await eventually(() => fast.runOnce())
      paused.open()
      expect(await slowOutcome).toMatchObject({ outcome: 'lease-lost', isCompleted: false })
      expect(fastOutcome).toMatchObject({ outcome: 'executed', isCompleted: true })
      expect((await effects.effects()).map((effect) => [effect.action, effect.token])).toEqual([[actionRequest(7).id, fastOutcome.token]])
    })

    it('has the executor refuse a worker that checked its lease just before it ran out', async () => {
      const effects = new FencedFileExecutor(join(await temporaryDirectory('aether-actions-'), 'effects.jsonl'))
      await ledger.enqueue('fence', [actionRequest(8)])
      const paused = gate()
      const checked = gate()
      const slow = new ActionWorker(ledger, effects, { tenant: 'fence', owner: 'slow', leaseMs: 200, onStep: async (step: WorkStep) => {
        if (step !== 'lease-checked') return
        checked.open()
        await paused.wait
      } })
      const slowOutcome = slow.runOnce()
      await checked.wait
      const fast = new ActionWorker(ledger, effects, { tenant: 'fence', owner: 'fast', leaseMs: 60_000 })
      const fastOutcome = await eventually(() => fast.runOnce())
      paused.open()
      const outcome = await slowOutcome
      expect(outcome).toMatchObject({ outcome: 'stale', isCompleted: false })
      expect(outcome?.token).toBeLessThan(fastOutcome.token)
      expect((await effects.effects()).map((effect) => effect.token)).toEqual([fastOutcome.token])
      expect((await ledger.list('fence'))[0]).toMatchObject({ state: 'done', token: fastOutcome.token })
    })
  })
}
