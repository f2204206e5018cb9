import { afterAll } from 'vitest'
import { validateConfig } from '@aether/core'
import { describeAdapterStateStore } from '@aether/storage-sql/testing'
import { PostgresStorageConfig } from '../../src/config.js'
import { openPostgresStorage } from '../../src/open-postgres-storage.js'
import { freshDatabase, type FreshDatabase } from '../fresh-database.js'

let database: FreshDatabase | undefined
afterAll(async () => { await database?.drop() })

describeAdapterStateStore('PostgreSQL', async () => {
  database = await freshDatabase()
  const storage = await openPostgresStorage(validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'test'))
  return { executor: storage.executor, close: () => storage.close() }
})
