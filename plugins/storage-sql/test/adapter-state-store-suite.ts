import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqlAdapterStateStore } from '../src/adapter-state/adapter-state-store.js'
import type { SqlExecutor } from '../src/sql-executor.js'

const feed = { adapter: 'gcp-status-feed', identity: '@aether/adapter-gcp-status-feed' }
const quota = { maxKeys: 2, maxBytes: 40 }

/** The sandbox host's adapter state (kv with its quota, source cursors), the same on every backend. */
export function describeAdapterStateStore(backend: string, open: () => Promise<{ executor: SqlExecutor; close(): Promise<void> }>): void {
  describe(`adapter state store on ${backend}`, () => {
    let fixture: { executor: SqlExecutor; close(): Promise<void> }
    let store: SqlAdapterStateStore
    beforeAll(async () => {
      fixture = await open()
      store = new SqlAdapterStateStore(fixture.executor)
    })
    afterAll(async () => { await fixture.close() })

    it('keeps kv values per tenant and adapter identity, and counts keys and bytes as they change', async () => {
      expect(await store.kvSet('lab', feed, 'etag', 'W/"1"', quota)).toEqual({ isStored: true })
      expect(await store.kvGet('lab', feed, 'etag')).toBe('W/"1"')
      expect(await store.kvGet('acme', feed, 'etag')).toBeUndefined()
      expect(await store.kvGet('lab', { ...feed, identity: 'another-package' }, 'etag')).toBeUndefined()
      await store.kvSet('lab', feed, 'etag', 'W/"22"', quota)
      expect(await store.kvUsage('lab', feed)).toEqual({ keys: 1, bytes: 'etag'.length + 'W/"22"'.length })
      await store.kvDelete('lab', feed, 'etag')
      await store.kvDelete('lab', feed, 'never-set')
      expect(await store.kvGet('lab', feed, 'etag')).toBeUndefined()
      expect(await store.kvUsage('lab', feed)).toEqual({ keys: 0, bytes: 0 })
    })

    it('refuses a set that would pass the key or byte quota, keeping what was stored', async () => {
      const space = { ...feed, adapter: 'quota' }
      await store.kvSet('lab', space, 'k1', '12345678', quota)
      await store.kvSet('lab', space, 'k2', '1', quota)
      expect(await store.kvSet('lab', space, 'k3', '', quota)).toEqual({ isStored: false, exceeds: 'keys' })
      expect(await store.kvSet('lab', space, 'k1', 'x'.repeat(40), quota)).toEqual({ isStored: false, exceeds: 'bytes' })
      expect(await store.kvGet('lab', space, 'k1')).toBe('12345678')
      expect(await store.kvUsage('lab', space)).toEqual({ keys: 2, bytes: 13 })
    })

    it('holds the quota when writers of one space race', async () => {
      const space = { ...feed, adapter: 'race' }
      const outcomes = await Promise.all(['a', 'b', 'c', 'd', 'e'].map((key) => store.kvSet('lab', space, key, 'v', quota)))
      expect(outcomes.filter((outcome) => outcome.isStored)).toHaveLength(2)
      expect(await store.kvUsage('lab', space)).toEqual({ keys: 2, bytes: 4 })
    })

    it('keeps a source cursor per tenant, telling a saved null from none', async () => {
      expect(await store.cursor('lab', feed)).toBeUndefined()
      await store.saveCursor('lab', feed, { etag: 'W/"1"', ids: ['a', 'b'] })
      await store.saveCursor('lab', feed, { etag: 'W/"2"', ids: [] })
      expect(await store.cursor('lab', feed)).toEqual({ cursor: { etag: 'W/"2"', ids: [] } })
      expect(await store.cursor('acme', feed)).toBeUndefined()
      await store.saveCursor('acme', feed, null)
      expect(await store.cursor('acme', feed)).toEqual({ cursor: null })
    })
  })
}
