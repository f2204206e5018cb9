import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqlEventStore, type Projection } from '../src/event-store.js'
import type { SqlExecutor } from '../src/sql-executor.js'
import { inTenantScope } from '../src/tenant-scope.js'

/** Counts decisions by action: a small projection of a decision stream. */
const actionCounts: Projection<Record<string, number>> = {
  id: 'action-counts@1',
  initial: () => ({}),
  apply: (state, event) => {
    const action = (event.data as { action: string }).action
    return { ...state, [action]: (state[action] ?? 0) + 1 }
  },
}

const decided = (action: string) => ({ type: 'decision.made', data: { action } })

/** The event store's behaviour, the same on every backend. */
export function describeEventStore(backend: string, open: () => Promise<{ executor: SqlExecutor; close(): Promise<void> }>): void {
  describe(`event store on ${backend}`, () => {
    let fixture: { executor: SqlExecutor; close(): Promise<void> }
    let store: SqlEventStore
    beforeAll(async () => {
      fixture = await open()
      store = new SqlEventStore(fixture.executor, 10)
    })
    afterAll(async () => { await fixture.close() })

    it('appends to a new stream and reads the events back in order with their versions', async () => {
      expect(await store.append('t', 'pool/a', 0, [decided('hold'), decided('migrate')])).toBe(2)
      const pages = []
      for await (const page of store.read('t', 'pool/a')) pages.push(...page)
      expect(pages.map((e) => [e.version, e.type, e.data])).toEqual([
        [1, 'decision.made', { action: 'hold' }], [2, 'decision.made', { action: 'migrate' }],
      ])
    })

    it('refuses an append that expects an older version, saying who is ahead', async () => {
      await store.append('t', 'pool/b', 0, [decided('hold')])
      await expect(store.append('t', 'pool/b', 0, [decided('drain')])).rejects.toThrow(
        'Stream "pool/b" is at version 1, not 0 as the append expected; another writer appended first. Rebuild the state and decide again.')
      expect(await store.version('t', 'pool/b')).toBe(1)
    })

    it('lets exactly one of two concurrent appends at the same version win', async () => {
      await store.append('t', 'pool/c', 0, [decided('hold')])
      const outcomes = await Promise.allSettled([
        store.append('t', 'pool/c', 1, [decided('migrate')]),
        store.append('t', 'pool/c', 1, [decided('drain')]),
      ])
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
      expect(outcomes.filter((o) => o.status === 'rejected').map((o) => (o as PromiseRejectedResult).reason.code))
        .toEqual(['AETHER_E_STORAGE_STREAM_CONFLICT'])
      expect(await store.version('t', 'pool/c')).toBe(2)
    })

    it('rebuilds from the latest snapshot plus the tail, to the same state as a full replay', async () => {
      let version = 0
      for (let i = 0; i < 25; i++) version = await store.append('t', 'pool/d', version, [decided(i % 5 === 0 ? 'drain' : 'hold')])
      const full = await store.rebuild('t', 'pool/d', actionCounts, { useSnapshot: false })
      expect(full).toEqual({ state: { drain: 5, hold: 20 }, version: 25, snapshotVersion: undefined, replayed: 25 })
      await store.append('t', 'pool/d', 25, [decided('migrate'), decided('migrate')])
      const fromSnapshot = await store.rebuild('t', 'pool/d', actionCounts)
      expect(fromSnapshot).toEqual({ state: { drain: 5, hold: 20, migrate: 2 }, version: 27, snapshotVersion: 25, replayed: 2 })
    })

    it('ignores the snapshots of another projection version', async () => {
      await store.append('t', 'pool/e', 0, Array.from({ length: 12 }, () => decided('hold')))
      await store.rebuild('t', 'pool/e', actionCounts)
      const changed = { ...actionCounts, id: 'action-counts@2' }
      expect((await store.rebuild('t', 'pool/e', changed)).snapshotVersion).toBeUndefined()
    })

    it('keeps streams of different tenants apart', async () => {
      await store.append('alpha', 'pool/shared-name', 0, [decided('hold')])
      expect(await store.version('beta', 'pool/shared-name')).toBe(0)
      expect(await store.append('beta', 'pool/shared-name', 0, [decided('drain')])).toBe(1)
    })

    it('never lets the application change or delete an event', async () => {
      await store.append('t', 'pool/f', 0, [decided('hold')])
      await expect(inTenantScope(fixture.executor, 't', (tx) => tx.query(`UPDATE events SET data = '{}'`))).rejects.toThrow(/permission denied/)
      await expect(inTenantScope(fixture.executor, 't', (tx) => tx.query('DELETE FROM events'))).rejects.toThrow(/permission denied/)
    })
  })
}
