import { afterAll } from 'vitest'
import {
  describeActionLedger, describeAuditLedger, describeEventStore, describeMoveAdmission, describeRecordStore, describeRefusals, describeRetention, describeTenantIsolation,
} from '@aether/storage-sql/testing'
import { openPostgresStorage } from '../../src/open-postgres-storage.js'
import { PostgresStorageConfig } from '../../src/config.js'
import { validateConfig } from '@aether/core'
import { freshDatabase, type FreshDatabase } from '../fresh-database.js'

const databases: FreshDatabase[] = []
afterAll(async () => { await Promise.all(databases.map((db) => db.drop())) })

async function open() {
  const database = await freshDatabase()
  databases.push(database)
  const config = validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'test')
  const storage = await openPostgresStorage(config)
  return { store: storage.store, executor: storage.executor, close: () => storage.close() }
}

describeRecordStore('PostgreSQL', open)
describeTenantIsolation('PostgreSQL', open)
describeEventStore('PostgreSQL', open)
describeAuditLedger('PostgreSQL', open)
describeRetention('PostgreSQL', open)
describeRefusals('PostgreSQL', open)
describeActionLedger('PostgreSQL', open)
describeMoveAdmission('PostgreSQL', open)
