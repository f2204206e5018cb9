import { afterAll } from 'vitest'
import { describeActionCrashes } from '@aether/storage-sql/testing'
import { freshDatabase, type FreshDatabase } from '../fresh-database.js'

const databases: FreshDatabase[] = []
afterAll(async () => { await Promise.all(databases.map((db) => db.drop())) })

describeActionCrashes('PostgreSQL', async () => {
  const database = await freshDatabase()
  databases.push(database)
  return { backend: 'postgres', location: database.connectionString }
})
