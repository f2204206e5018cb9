import { validateConfig } from '@aether/core'
import { openPostgresStorage, PostgresStorageConfig } from '@aether/plugin-storage-postgres'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { afterAll, beforeAll } from 'vitest'
import { describeAdapterStateAcrossRestarts } from '../adapter-state-suite.js'

// One database; each kernel opens its own connection pool to it, as a restarted process does.
let database: FreshDatabase
beforeAll(async () => { database = await freshDatabase() })
afterAll(async () => { await database?.drop() })

describeAdapterStateAcrossRestarts('PostgreSQL', () => openPostgresStorage(
  validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'test')), { concurrentProcesses: true })
