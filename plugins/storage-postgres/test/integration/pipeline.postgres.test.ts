import { validateConfig } from '@aether/core'
import { describePipeline } from '@aether/core/testing'
import { createTestNatsBus, deleteDeployment } from '@aether/plugin-bus-nats/testing'
import { afterAll } from 'vitest'
import { PostgresStorageConfig } from '../../src/config.js'
import { openPostgresStorage } from '../../src/open-postgres-storage.js'
import { freshDatabase, type FreshDatabase } from '../fresh-database.js'

const databases: FreshDatabase[] = []
const deployments: string[] = []
afterAll(async () => {
  await Promise.all(databases.map((database) => database.drop()))
  for (const deployment of deployments) await deleteDeployment(deployment)
})

async function openPostgres() {
  const database = await freshDatabase()
  databases.push(database)
  const storage = await openPostgresStorage(validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'test'))
  return { store: storage.store, close: () => storage.close() }
}

describePipeline('the in-process bus', async () => undefined, openPostgres, 'PostgreSQL')
describePipeline('the NATS JetStream bus', async () => {
  const bus = await createTestNatsBus({ maxMessagesPerSubject: 64 })
  deployments.push(bus.deployment)
  return bus
}, openPostgres, 'PostgreSQL')
