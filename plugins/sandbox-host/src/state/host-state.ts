import { storagePoint, type PluginContext, type RecordStorage } from '@aether/plugin-api'
import type { HostKv } from '../capabilities/host-kv.js'
import { adapterStateOf, type AdapterRef, type AdapterStateAccess } from './adapter-state-of.js'

/** Where a sandboxed source's cursor is kept between runs (sandboxed-source.ts). */
export interface CursorStore {
  /** The cursor saved last, or null (start over) when none was saved. */
  load(ref: AdapterRef, tenant: string): Promise<unknown>
  save(ref: AdapterRef, tenant: string, cursor: unknown): Promise<void>
}

/**
 * What the host remembers for its adapters beyond one call: kv values and source cursors. Both
 * live in the storage plugin's adapter state when the pipeline has a storage that keeps one
 * (the SQL storages), found when the kernel starts, as the guards find the audit ledger; then
 * they are shared by every process on the database and outlive restarts. Without it, kv stays
 * in this process's memory and each run of a source starts from a null cursor, and the host says
 * so once.
 */
export class HostState implements CursorStore {
  #stored: AdapterStateAccess | undefined

  constructor(
    private readonly context: Pick<PluginContext<unknown>, 'logger' | 'resolve'>,
    private readonly kv: HostKv,
  ) {}

  /** Finds the storage's adapter state and moves kv there. */
  start(): void {
    let storage: RecordStorage
    try {
      storage = this.context.resolve(storagePoint)
    } catch {
      this.context.logger.warn('no storage plugin is loaded: adapters\' kv values are kept in memory only and each run of a sandboxed source starts from a null cursor')
      return
    }
    this.#stored = adapterStateOf(storage)
    if (this.#stored === undefined) {
      this.context.logger.warn({ storage: storage.describe() }, 'this storage keeps no adapter state: adapters\' kv values are kept in memory only and each run of a sandboxed source starts from a null cursor')
      return
    }
    this.kv.attach(this.#stored)
  }

  async load(ref: AdapterRef, tenant: string): Promise<unknown> {
    return (await this.#stored?.cursor(tenant, ref))?.cursor ?? null
  }

  async save(ref: AdapterRef, tenant: string, cursor: unknown): Promise<void> {
    await this.#stored?.saveCursor(tenant, ref, cursor)
  }
}
