import { describeAdapterStateStore } from '@aether/storage-sql/testing'
import { openPgliteStorage } from './open-pglite-storage.js'

describeAdapterStateStore('PGlite', async () => {
  const storage = await openPgliteStorage('memory://')
  return { executor: storage.executor, close: () => storage.close() }
})
