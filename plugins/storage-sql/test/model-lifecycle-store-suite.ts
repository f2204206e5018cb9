import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqlModelLifecycleStore, type StoredLifecycleEvent } from '../src/lifecycle/model-lifecycle-store.js'
import type { SqlExecutor } from '../src/sql-executor.js'

const at = '2026-12-02T07:00:00.000Z'
const event = (version: string, from: string, to: string, reason = 'operator'): StoredLifecycleEvent => ({ version, from, to, reason, detail: `${from} to ${to}`, at })

/** The model lifecycle store's revisions, history and isolation, the same on every backend. */
export function describeModelLifecycleStore(backend: string, open: () => Promise<{ executor: SqlExecutor; close(): Promise<void> }>): void {
  describe(`model lifecycle store on ${backend}`, () => {
    let fixture: { executor: SqlExecutor; close(): Promise<void> }
    let store: SqlModelLifecycleStore
    beforeAll(async () => {
      fixture = await open()
      store = new SqlModelLifecycleStore(fixture.executor)
    })
    afterAll(async () => { await fixture.close() })

    it('reads a lifecycle never written as revision 0 with no versions and no history', async () => {
      expect(await store.read('fresh', 'tsmixer')).toEqual({ revision: 0, versions: [], events: [] })
      expect(await store.revision('fresh', 'tsmixer')).toBe(0)
    })

    it('writes stages and events together, each write one revision on, the history in order', async () => {
      const first = await store.write('ordered', 'tsmixer', {
        expectedRevision: 0,
        versions: [{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'challenger', canaryShare: 0.25 }],
        events: [event('v@2', 'shadow', 'challenger')],
      })
      expect(first).toEqual({ isApplied: true, revision: 1 })
      const second = await store.write('ordered', 'tsmixer', {
        expectedRevision: 1,
        versions: [{ version: 'v@1', stage: 'retired' }, { version: 'v@2', stage: 'promoted' }],
        events: [event('v@1', 'promoted', 'retired'), event('v@2', 'challenger', 'promoted')],
      })
      expect(second).toEqual({ isApplied: true, revision: 2 })
      expect(await store.read('ordered', 'tsmixer')).toEqual({
        revision: 2,
        versions: [{ version: 'v@1', stage: 'retired' }, { version: 'v@2', stage: 'promoted' }],
        events: [event('v@2', 'shadow', 'challenger'), event('v@1', 'promoted', 'retired'), event('v@2', 'challenger', 'promoted')],
      })
    })

    it('refuses a write made from a revision that is no longer current, and changes nothing', async () => {
      const versions = [{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'challenger', canaryShare: 0.5 }]
      await store.write('raced', 'tsmixer', { expectedRevision: 0, versions, events: [event('v@2', 'shadow', 'challenger')] })
      const rollback = await store.write('raced', 'tsmixer', {
        expectedRevision: 1, versions: [versions[0] as never, { version: 'v@2', stage: 'rolled-back' }], events: [event('v@2', 'challenger', 'rolled-back', 'latency')],
      })
      const promote = await store.write('raced', 'tsmixer', {
        expectedRevision: 1, versions: [{ version: 'v@1', stage: 'retired' }, { version: 'v@2', stage: 'promoted' }], events: [event('v@2', 'challenger', 'promoted')],
      })
      expect(rollback).toEqual({ isApplied: true, revision: 2 })
      expect(promote).toEqual({ isApplied: false, revision: 2 })
      const stored = await store.read('raced', 'tsmixer')
      expect(stored.versions).toEqual([{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'rolled-back' }])
      expect(stored.events.map((entry) => entry.to)).toEqual(['challenger', 'rolled-back'])
    })

    it('lets exactly one of two concurrent writers of the same revision win', async () => {
      await store.write('concurrent', 'tsmixer', { expectedRevision: 0, versions: [{ version: 'v@1', stage: 'promoted' }], events: [] })
      const outcomes = await Promise.all(['rolled-back', 'retired'].map((stage) => store.write('concurrent', 'tsmixer', {
        expectedRevision: 1, versions: [{ version: 'v@2', stage }], events: [event('v@2', 'challenger', stage)],
      })))
      expect(outcomes.map((outcome) => outcome.isApplied).sort()).toEqual([false, true])
      expect(outcomes.every((outcome) => outcome.revision === 2)).toBe(true)
      expect((await store.read('concurrent', 'tsmixer')).events).toHaveLength(1)
    })

    it('keeps each tenant and each lifecycle name apart', async () => {
      await store.write('tenant-a', 'tsmixer', { expectedRevision: 0, versions: [{ version: 'v@1', stage: 'promoted' }], events: [] })
      expect(await store.read('tenant-b', 'tsmixer')).toEqual({ revision: 0, versions: [], events: [] })
      expect(await store.revision('tenant-a', 'other')).toBe(0)
      // Row-level security, not only the WHERE clause: a scoped query without one sees its tenant's rows alone.
      const { rows } = await fixture.executor.transaction(async (tx) => {
        await tx.query("SELECT set_config('aether.tenant', 'tenant-b', true), set_config('role', 'aether_app', true)")
        return tx.query('SELECT * FROM model_lifecycle_versions')
      })
      expect(rows).toEqual([])
    })

    it('refuses a stage the lifecycle does not know, writing nothing', async () => {
      await expect(store.write('bad-stage', 'tsmixer', { expectedRevision: 0, versions: [{ version: 'v@1', stage: 'live' }], events: [] })).rejects.toThrow()
      expect(await store.revision('bad-stage', 'tsmixer')).toBe(0)
    })
  })
}
