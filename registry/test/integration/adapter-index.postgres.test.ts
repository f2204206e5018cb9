import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { afterAll } from 'vitest'
import { openRegistryStorage } from '../../src/storage/open-registry-storage.js'
import { adapterIndexSuite } from '../adapter-index-suite.js'

let database: FreshDatabase | undefined
afterAll(async () => { await database?.drop() })

adapterIndexSuite('PostgreSQL', async () => {
  database = await freshDatabase()
  return openRegistryStorage({ connectionString: database.connectionString })
})
