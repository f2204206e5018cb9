import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** The machine's PostgreSQL, as the tests reach it; AETHER_TEST_POSTGRES_URL overrides it. */
export const testServerUrl = process.env.AETHER_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test'

/** A database of its own for one test file, dropped afterwards: test files run in parallel. */
export interface FreshDatabase {
  connectionString: string
  name: string
  drop(): Promise<void>
}

/** Creates an empty database on the test server. */
export async function freshDatabase(): Promise<FreshDatabase> {
  const name = `aether_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: testServerUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(testServerUrl)
  url.pathname = `/${name}`
  return {
    name,
    connectionString: url.toString(),
    drop: async () => {
      const dropper = new pg.Client({ connectionString: testServerUrl })
      await dropper.connect()
      try {
        await dropper.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await dropper.end()
      }
    },
  }
}
