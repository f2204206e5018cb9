import type { SqlExecutor } from '../sql-executor.js'
import { inTenantScope } from '../tenant-scope.js'

/** A sandboxed adapter as its state is kept: manifest name and identity (the package name). */
export interface AdapterRef {
  adapter: string
  identity: string
}

/** The most one kv space (adapter and tenant) may hold. */
export interface KvSpaceQuota {
  maxKeys: number
  /** UTF-8 bytes of keys plus values. */
  maxBytes: number
}

/** Whether a kv value was stored; when not, which quota it would have passed. */
export type KvWrite = { isStored: true } | { isStored: false; exceeds: 'keys' | 'bytes' }

const space = 'tenant = $1 AND adapter = $2 AND identity = $3'

/**
 * The sandbox host's state of its adapters in SQL, per tenant: kv values (with each space's key
 * and byte counts, so the quota holds whoever writes) and source cursors. Shared by every process
 * on the database and kept across restarts. A kv write locks its space's row for the
 * transaction, so two processes writing the same space at once cannot both pass the quota.
 */
export class SqlAdapterStateStore {
  constructor(private readonly executor: SqlExecutor) {}

  async kvGet(tenant: string, ref: AdapterRef, key: string): Promise<string | undefined> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ value: string }>(
      `SELECT value FROM adapter_kv WHERE ${space} AND key = $4`, [tenant, ref.adapter, ref.identity, key]))
    return rows[0]?.value
  }

  /** Stores `value` under `key` unless the space would pass `quota`; what was there stays then. */
  kvSet(tenant: string, ref: AdapterRef, key: string, value: string, quota: KvSpaceQuota): Promise<KvWrite> {
    const params = [tenant, ref.adapter, ref.identity]
    return inTenantScope(this.executor, tenant, async (tx) => {
      await tx.query(`INSERT INTO adapter_kv_spaces (tenant, adapter, identity, keys, bytes) VALUES ($1, $2, $3, 0, 0)
        ON CONFLICT (tenant, adapter, identity) DO NOTHING`, params)
      const counts = await tx.query<{ keys: number; bytes: string | number }>(
        `SELECT keys, bytes FROM adapter_kv_spaces WHERE ${space} FOR UPDATE`, params)
      const previous = await tx.query<{ value: string }>(`SELECT value FROM adapter_kv WHERE ${space} AND key = $4`, [...params, key])
      const before = previous.rows[0]?.value
      const keys = Number(counts.rows[0]?.keys ?? 0) + (before === undefined ? 1 : 0)
      const bytes = Number(counts.rows[0]?.bytes ?? 0) - (before === undefined ? 0 : entryBytes(key, before)) + entryBytes(key, value)
      if (before === undefined && keys > quota.maxKeys) return { isStored: false, exceeds: 'keys' }
      if (bytes > quota.maxBytes) return { isStored: false, exceeds: 'bytes' }
      await tx.query(`INSERT INTO adapter_kv (tenant, adapter, identity, key, value) VALUES ($1, $2, $3, $4, $5)
        ON CONFLICT (tenant, adapter, identity, key) DO UPDATE SET value = excluded.value, updated_at = now()`, [...params, key, value])
      await tx.query(`UPDATE adapter_kv_spaces SET keys = $4, bytes = $5 WHERE ${space}`, [...params, keys, bytes])
      return { isStored: true }
    })
  }

  kvDelete(tenant: string, ref: AdapterRef, key: string): Promise<void> {
    const params = [tenant, ref.adapter, ref.identity]
    return inTenantScope(this.executor, tenant, async (tx) => {
      // The space row first, as a write takes it: two deletes or a delete and a set queue on it.
      const counts = await tx.query(`SELECT keys FROM adapter_kv_spaces WHERE ${space} FOR UPDATE`, params)
      if (counts.rows.length === 0) return
      const deleted = await tx.query<{ value: string }>(`DELETE FROM adapter_kv WHERE ${space} AND key = $4 RETURNING value`, [...params, key])
      const value = deleted.rows[0]?.value
      if (value === undefined) return
      await tx.query(`UPDATE adapter_kv_spaces SET keys = keys - 1, bytes = bytes - $4 WHERE ${space}`, [...params, entryBytes(key, value)])
    })
  }

  /** The space's key and byte counts (zero when nothing was ever stored). */
  async kvUsage(tenant: string, ref: AdapterRef): Promise<{ keys: number; bytes: number }> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ keys: number; bytes: string | number }>(
      `SELECT keys, bytes FROM adapter_kv_spaces WHERE ${space}`, [tenant, ref.adapter, ref.identity]))
    return { keys: Number(rows[0]?.keys ?? 0), bytes: Number(rows[0]?.bytes ?? 0) }
  }

  /** The source's saved cursor, or undefined when none was saved (a saved null is `{ cursor: null }`). */
  async cursor(tenant: string, ref: AdapterRef): Promise<{ cursor: unknown } | undefined> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ cursor: string }>(
      `SELECT cursor::text AS cursor FROM adapter_cursors WHERE ${space}`, [tenant, ref.adapter, ref.identity]))
    return rows[0] === undefined ? undefined : { cursor: JSON.parse(rows[0].cursor) as unknown }
  }

  async saveCursor(tenant: string, ref: AdapterRef, cursor: unknown): Promise<void> {
    await inTenantScope(this.executor, tenant, (tx) => tx.query(
      `INSERT INTO adapter_cursors (tenant, adapter, identity, cursor) VALUES ($1, $2, $3, $4::jsonb)
       ON CONFLICT (tenant, adapter, identity) DO UPDATE SET cursor = excluded.cursor, updated_at = now()`,
      [tenant, ref.adapter, ref.identity, JSON.stringify(cursor)]))
  }
}

function entryBytes(key: string, value: string): number {
  return Buffer.byteLength(key) + Buffer.byteLength(value)
}
