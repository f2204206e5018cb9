import { describeRecordStore } from '@aether/storage-sql/testing'
import { openPgliteStorage } from './open-pglite-storage.js'

describeRecordStore('PGlite', async () => {
  const storage = await openPgliteStorage('memory://')
  return { store: storage.store, close: () => storage.close() }
})
