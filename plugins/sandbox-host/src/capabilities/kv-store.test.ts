import { describe, expect, it } from 'vitest'
import { KvStore } from './kv-store.js'

describe('KvStore', () => {
  it('keeps one space per adapter and tenant', () => {
    const kv = new KvStore({ maxKeys: 10, maxBytes: 1_000 })
    kv.set('a', 'lab', 'k', 'lab value')
    expect(kv.get('a', 'lab', 'k')).toBe('lab value')
    expect(kv.get('a', 'acme', 'k')).toBeUndefined()
    expect(kv.get('b', 'lab', 'k')).toBeUndefined()
    kv.delete('a', 'lab', 'k')
    expect(kv.get('a', 'lab', 'k')).toBeUndefined()
  })

  it('refuses what would pass the key or byte quota, keeping what was stored', () => {
    const kv = new KvStore({ maxKeys: 2, maxBytes: 20 })
    kv.set('a', 'lab', 'k1', '12345678')
    kv.set('a', 'lab', 'k2', '1')
    expect(() => kv.set('a', 'lab', 'k3', '')).toThrow('would pass the quota of 2 keys')
    expect(() => kv.set('a', 'lab', 'k1', '12345678901234567')).toThrow('would pass the quota of 20 bytes')
    expect(kv.get('a', 'lab', 'k1')).toBe('12345678')
    kv.set('a', 'lab', 'k1', 'short')
    kv.delete('a', 'lab', 'k2')
    kv.set('a', 'lab', 'k3', 'fits again')
    // Another tenant has its own quota.
    kv.set('a', 'acme', 'k1', '12345678')
    expect(kv.get('a', 'acme', 'k1')).toBe('12345678')
  })

  it('refuses keys that are empty or too long', () => {
    const kv = new KvStore({ maxKeys: 2, maxBytes: 20_000 })
    expect(() => kv.get('a', 'lab', '')).toThrow('kv keys must be strings')
    expect(() => kv.set('a', 'lab', 'x'.repeat(513), 'v')).toThrow('kv keys must be strings')
  })
})
