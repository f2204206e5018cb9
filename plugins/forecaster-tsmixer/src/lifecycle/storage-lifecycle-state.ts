import type { RecordStorage } from '@aether/plugin-api'
import { Value } from '@sinclair/typebox/value'
import { Type } from '@sinclair/typebox'
import { LifecycleStateInvalid } from '../errors.js'
import { LifecycleEvent, SavedVersion, type LifecycleStateStore, type SavedLifecycle, type SavedVersion as Saved } from './lifecycle-state.js'

/** The SQL storages' lifecycle store as far as the forecaster uses it (@aether/storage-sql SqlModelLifecycleStore). */
interface LifecycleTables {
  revision(tenant: string, lifecycle: string): Promise<number>
  read(tenant: string, lifecycle: string): Promise<unknown>
  write(tenant: string, lifecycle: string, change: { expectedRevision: number; versions: readonly Saved[]; events: readonly LifecycleEvent[] }): Promise<{ isApplied: boolean; revision: number }>
}

const StoredLifecycle = Type.Object({ revision: Type.Integer({ minimum: 0 }), versions: Type.Array(SavedVersion), events: Type.Array(LifecycleEvent) })

/**
 * The lifecycle's state in the pipeline's storage, when the storage keeps one, else undefined.
 * The storage extension point has no lifecycle; the SQL storages (PGlite, PostgreSQL) expose
 * theirs as `lifecycles`, so it is an optional capability found at run time, as the sandbox host
 * finds the audit ledger, and this package does not depend on them.
 */
export function storageLifecycleState(storage: RecordStorage, tenant: string, lifecycle: string): LifecycleStateStore | undefined {
  const tables = (storage as { lifecycles?: unknown }).lifecycles
  if (tables === null || typeof tables !== 'object') return undefined
  const { revision, read, write } = tables as Record<string, unknown>
  if (typeof revision !== 'function' || typeof read !== 'function' || typeof write !== 'function') return undefined
  const store = tables as LifecycleTables
  const description = `storage ${storage.describe()} (tenant ${tenant}, lifecycle ${lifecycle})`
  return {
    description,
    revision: () => store.revision(tenant, lifecycle),
    read: async (): Promise<SavedLifecycle> => {
      const stored = await store.read(tenant, lifecycle)
      const first = Value.Errors(StoredLifecycle, stored).First()
      if (first !== undefined) throw new LifecycleStateInvalid([description, `${first.path || '/'} ${first.message}`])
      return stored as SavedLifecycle
    },
    save: (expectedRevision, versions, events) => store.write(tenant, lifecycle, { expectedRevision, versions, events }),
  }
}
