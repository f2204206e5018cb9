import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import { migrate, SqlRecordStore, type SqlExecutor } from '@aether/storage-sql'
import { pgliteExecutor } from './pglite-executor.js'

/** A migrated PGlite record store and the database under it. */
export interface PgliteStorage {
  store: SqlRecordStore
  /** The executor under the store, for the event store, audit ledger and tests. */
  executor: SqlExecutor
  db: PGlite
  close(): Promise<void>
}

/** Opens (creating if needed) a PGlite database in `dataDir` and applies the migrations. */
export async function openPgliteStorage(dataDir: string, baseDir = process.cwd()): Promise<PgliteStorage> {
  const isMemory = dataDir.startsWith('memory://')
  const location = isMemory ? dataDir : resolve(baseDir, dataDir)
  if (!isMemory) await mkdir(location, { recursive: true })
  const db = await PGlite.create(location)
  const executor = pgliteExecutor(db)
  await migrate(executor)
  let isClosed = false
  return {
    db,
    executor,
    store: new SqlRecordStore(executor, isMemory ? 'PGlite in memory' : `PGlite at ${location}`),
    close: async () => {
      if (isClosed) return
      isClosed = true
      await db.close()
    },
  }
}
