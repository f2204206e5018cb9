import type { AdapterRef, AdapterStateAccess } from '../state/adapter-state-of.js'
import { checkKey, checkValue, KvStore, quotaRefusal, type KvQuota } from './kv-store.js'

/**
 * The host's `ctx.kv`: one space per adapter and tenant, with the same quota wherever the values
 * live. Once `attach`ed to the storage's adapter state they live there, shared by every process
 * on that database and kept across restarts; before (or without storage) in this process's
 * memory, gone when it stops.
 */
export class HostKv {
  readonly #memory: KvStore
  #stored: AdapterStateAccess | undefined

  constructor(private readonly quota: KvQuota) {
    this.#memory = new KvStore(quota)
  }

  /** From now on, values are read and written in `stored`. */
  attach(stored: AdapterStateAccess): void {
    this.#stored = stored
  }

  get isPersistent(): boolean {
    return this.#stored !== undefined
  }

  async get(ref: AdapterRef, tenant: string, key: string): Promise<string | undefined> {
    checkKey(key)
    if (this.#stored === undefined) return this.#memory.get(memoryName(ref), tenant, key)
    return await this.#stored.kvGet(tenant, ref, key)
  }

  /** Stores `value`; refuses it when the space would pass its quota (and keeps what was there). */
  async set(ref: AdapterRef, tenant: string, key: string, value: string): Promise<void> {
    checkKey(key)
    checkValue(value)
    if (this.#stored === undefined) return this.#memory.set(memoryName(ref), tenant, key, value)
    const written = await this.#stored.kvSet(tenant, ref, key, value, this.quota)
    if (!written.isStored) throw quotaRefusal(key, written.exceeds, this.quota)
  }

  async delete(ref: AdapterRef, tenant: string, key: string): Promise<void> {
    checkKey(key)
    if (this.#stored === undefined) return this.#memory.delete(memoryName(ref), tenant, key)
    await this.#stored.kvDelete(tenant, ref, key)
  }
}

// JSON of the pair, as the memory store's own space names: no two adapters' names meet.
function memoryName(ref: AdapterRef): string {
  return JSON.stringify([ref.adapter, ref.identity])
}
