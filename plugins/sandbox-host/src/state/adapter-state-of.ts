import type { RecordStorage } from '@aether/plugin-api'
import type { InstalledAdapter } from '../read-adapter.js'

/** An adapter as its state is kept: manifest name, and the package name the host read it from. */
export interface AdapterRef {
  adapter: string
  identity: string
}

export function adapterRef(installed: InstalledAdapter): AdapterRef {
  return { adapter: installed.manifest.name, identity: installed.packageName ?? '' }
}

/** A kv write's outcome, as the SQL storages' adapter state returns it (@aether/storage-sql KvWrite). */
export type KvWrite = { isStored: true } | { isStored: false; exceeds: 'keys' | 'bytes' }

/** Where the host keeps its adapters' kv values and source cursors, per tenant. */
export interface AdapterStateAccess {
  kvGet(tenant: string, ref: AdapterRef, key: string): Promise<string | undefined>
  kvSet(tenant: string, ref: AdapterRef, key: string, value: string, quota: { maxKeys: number; maxBytes: number }): Promise<KvWrite>
  kvDelete(tenant: string, ref: AdapterRef, key: string): Promise<void>
  cursor(tenant: string, ref: AdapterRef): Promise<{ cursor: unknown } | undefined>
  saveCursor(tenant: string, ref: AdapterRef, cursor: unknown): Promise<void>
}

const methods = ['kvGet', 'kvSet', 'kvDelete', 'cursor', 'saveCursor'] as const

/**
 * The adapter state of a storage implementation that keeps one, else undefined. The storage
 * extension point has none; the SQL storages (PGlite, PostgreSQL) expose theirs as
 * `adapterState`, so it is found at run time, as the audit ledger is (audit-ledger-of.ts).
 */
export function adapterStateOf(storage: RecordStorage): AdapterStateAccess | undefined {
  const state = (storage as { adapterState?: unknown }).adapterState
  if (state === null || typeof state !== 'object') return undefined
  const found = state as Record<string, unknown>
  if (!methods.every((method) => typeof found[method] === 'function')) return undefined
  const bound = (method: typeof methods[number]) => (found[method] as (...args: unknown[]) => unknown).bind(state)
  return Object.fromEntries(methods.map((method) => [method, bound(method)])) as unknown as AdapterStateAccess
}
