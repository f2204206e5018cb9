import { describe, expect, it } from 'vitest'
import { HostKv } from './host-kv.js'

// In memory, as without storage. Stored in SQL: test/adapter-state-suite.ts, on PGlite and PostgreSQL.
describe('HostKv without storage', () => {
  it('keeps one space per adapter, package and tenant, in this process only', async () => {
    const kv = new HostKv({ maxKeys: 10, maxBytes: 1_000 })
    const feed = { adapter: 'feed', identity: 'aether-adapter-feed' }
    await kv.set(feed, 'lab', 'etag', 'W/"1"')
    expect(kv.isPersistent).toBe(false)
    expect(await kv.get(feed, 'lab', 'etag')).toBe('W/"1"')
    expect(await kv.get({ ...feed, identity: 'another-package' }, 'lab', 'etag')).toBeUndefined()
    expect(await kv.get(feed, 'acme', 'etag')).toBeUndefined()
    await kv.delete(feed, 'lab', 'etag')
    expect(await kv.get(feed, 'lab', 'etag')).toBeUndefined()
  })

  it('refuses what would pass the quota, and keys or values that are not strings of the right length', async () => {
    const kv = new HostKv({ maxKeys: 1, maxBytes: 100 })
    const feed = { adapter: 'feed', identity: '' }
    await kv.set(feed, 'lab', 'k1', 'v')
    await expect(kv.set(feed, 'lab', 'k2', 'v')).rejects.toThrow('kv set of "k2" would pass the quota of 1 keys')
    await expect(kv.set(feed, 'lab', 'k1', 'x'.repeat(100))).rejects.toThrow('kv set of "k1" would pass the quota of 100 bytes')
    await expect(kv.get(feed, 'lab', '')).rejects.toThrow('kv keys must be strings')
    await expect(kv.set(feed, 'lab', 'k1', 3 as unknown as string)).rejects.toThrow('kv values must be strings')
  })
})
