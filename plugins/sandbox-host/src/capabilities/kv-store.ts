import { CapabilityRefusal } from './refusal.js'

// `ctx.kv` in memory: string values under string keys, one space per adapter and tenant, held in
// the kernel process so that every sandbox process of the pool sees the same values and they
// outlive each call. What HostKv (host-kv.ts) uses when the pipeline has no storage keeping
// adapter state: the values go when the kernel process stops (docs/adapter-guide.md).

export interface KvQuota {
  /** Most keys one adapter may keep for one tenant. */
  maxKeys: number
  /** Most UTF-8 bytes of keys plus values one adapter may keep for one tenant. */
  maxBytes: number
}

const maxKeyChars = 512

interface Space {
  values: Map<string, string>
  bytes: number
}

export class KvStore {
  readonly #spaces = new Map<string, Space>()

  constructor(private readonly quota: KvQuota) {}

  get(adapter: string, tenant: string, key: string): string | undefined {
    checkKey(key)
    return this.#spaces.get(spaceKey(adapter, tenant))?.values.get(key)
  }

  /** Stores `value`; refuses it when the space would pass its quota (and keeps what was there). */
  set(adapter: string, tenant: string, key: string, value: string): void {
    checkKey(key)
    checkValue(value)
    const space = this.#space(adapter, tenant)
    const previous = space.values.get(key)
    const bytes = space.bytes - (previous === undefined ? 0 : entryBytes(key, previous)) + entryBytes(key, value)
    if (previous === undefined && space.values.size >= this.quota.maxKeys) throw quotaRefusal(key, 'keys', this.quota)
    if (bytes > this.quota.maxBytes) throw quotaRefusal(key, 'bytes', this.quota)
    space.values.set(key, value)
    space.bytes = bytes
  }

  delete(adapter: string, tenant: string, key: string): void {
    checkKey(key)
    const space = this.#spaces.get(spaceKey(adapter, tenant))
    const previous = space?.values.get(key)
    if (space === undefined || previous === undefined) return
    space.values.delete(key)
    space.bytes -= entryBytes(key, previous)
  }

  #space(adapter: string, tenant: string): Space {
    const name = spaceKey(adapter, tenant)
    let space = this.#spaces.get(name)
    if (space === undefined) {
      space = { values: new Map(), bytes: 0 }
      this.#spaces.set(name, space)
    }
    return space
  }
}

// JSON of the pair: no choice of adapter name or tenant can make two spaces share a key.
function spaceKey(adapter: string, tenant: string): string {
  return JSON.stringify([adapter, tenant])
}

function entryBytes(key: string, value: string): number {
  return Buffer.byteLength(key) + Buffer.byteLength(value)
}

/** The refusal of a set that would pass the space's key or byte quota. */
export function quotaRefusal(key: string, exceeds: 'keys' | 'bytes', quota: KvQuota): CapabilityRefusal {
  const limit = exceeds === 'keys' ? quota.maxKeys : quota.maxBytes
  return new CapabilityRefusal(`kv set of "${key.slice(0, 100)}" would pass the quota of ${limit} ${exceeds}`)
}

export function checkValue(value: unknown): void {
  if (typeof value !== 'string') throw new CapabilityRefusal('kv values must be strings')
}

export function checkKey(key: string): void {
  if (typeof key !== 'string' || key.length === 0 || key.length > maxKeyChars) throw new CapabilityRefusal(`kv keys must be strings of 1 to ${maxKeyChars} characters`)
}
