import { describeModelLifecycleStore } from '@aether/storage-sql/testing'
import { openPgliteStorage } from './open-pglite-storage.js'

describeModelLifecycleStore('PGlite', async () => {
  const storage = await openPgliteStorage('memory://')
  return { executor: storage.executor, close: () => storage.close() }
})
