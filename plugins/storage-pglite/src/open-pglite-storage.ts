import { mkdir } from 'node:fs/promises'
import { resolve } from 'node:path'
import { migrate, type SqlExecutor, type SqlRecordStore } from '@aether/storage-sql'
import { PgliteRecordStore } from './pglite-record-store.js'
import { PgliteThread } from './pglite-thread.js'

/** A migrated PGlite record store and the database under it. */
export interface PgliteStorage {
  store: SqlRecordStore
  /** The executor under the store, for the event store, audit ledger and tests. */
  executor: SqlExecutor
  close(): Promise<void>
}

/**
 * Opens (creating if needed) a PGlite database in `dataDir`, in its own worker thread, and
 * applies the migrations.
 */
export async function openPgliteStorage(dataDir: string, baseDir = process.cwd()): Promise<PgliteStorage> {
  const isMemory = dataDir.startsWith('memory://')
  const location = isMemory ? dataDir : resolve(baseDir, dataDir)
  if (!isMemory) await mkdir(location, { recursive: true })
  const database = await PgliteThread.open(location)
  try {
    await migrate(database.executor)
  } catch (error) {
    await database.close()
    throw error
  }
  return {
    executor: database.executor,
    store: new PgliteRecordStore(database, isMemory ? 'PGlite in memory' : `PGlite at ${location}`),
    close: () => database.close(),
  }
}
