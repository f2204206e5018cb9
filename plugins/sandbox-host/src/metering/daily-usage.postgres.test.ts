import { validateConfig } from '@aether/core'
import { openPostgresStorage, PostgresStorageConfig, type PostgresStorage } from '@aether/plugin-storage-postgres'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { afterAll, beforeAll } from 'vitest'
import { describeDailyUsage } from '../../test/daily-usage-suite.js'

let database: FreshDatabase
let storage: PostgresStorage
beforeAll(async () => {
  database = await freshDatabase()
  storage = await openPostgresStorage(validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'test'))
})
afterAll(async () => {
  await storage?.close()
  await database?.drop()
})

describeDailyUsage('PostgreSQL', () => storage.store)
