import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { MigrationFailed } from './errors.js'
import type { SqlExecutor } from './sql-executor.js'

const migrationsDir = fileURLToPath(new URL('../migrations/', import.meta.url))
// Any fixed number works: every process that migrates takes the same advisory lock.
const migrationLockKey = 4_242_001

/** A forward-only migration: its number, name and SQL. */
export interface Migration {
  version: number
  name: string
  sql: string
}

/** The migrations shipped with this package, in order. */
export async function bundledMigrations(): Promise<Migration[]> {
  const files = (await readdir(migrationsDir)).filter((file) => /^\d{3}-.+\.sql$/.test(file)).sort()
  return Promise.all(files.map(async (file) => ({
    version: Number(file.slice(0, 3)),
    name: file,
    sql: await readFile(join(migrationsDir, file), 'utf8'),
  })))
}

/**
 * Applies the migrations not applied yet, all in one transaction under an advisory lock, so that
 * two processes starting together do not race and a failure leaves the previous version.
 * Returns the names it applied. Another package with migrations of its own (the registry) keeps
 * them in a `ledger` table of its own, so that its version numbers never meet these.
 */
export async function migrate(executor: SqlExecutor, migrations?: Migration[], ledger = 'aether_migrations'): Promise<string[]> {
  const pending = migrations ?? await bundledMigrations()
  if (!/^[a-z_][a-z0-9_]*$/.test(ledger)) throw new TypeError(`migration ledger "${ledger}" is not a plain table name`)
  return executor.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [migrationLockKey])
    await tx.query(`CREATE TABLE IF NOT EXISTS ${ledger} (
      version int PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await tx.query<{ version: number }>(`SELECT version FROM ${ledger}`)
    const applied = new Set(rows.map((row) => Number(row.version)))
    const names: string[] = []
    for (const migration of pending) {
      if (applied.has(migration.version)) continue
      try {
        await tx.exec(migration.sql)
        await tx.query(`INSERT INTO ${ledger} (version, name) VALUES ($1, $2)`, [migration.version, migration.name])
      } catch (error) {
        throw new MigrationFailed([migration.name], { cause: error })
      }
      names.push(migration.name)
    }
    return names
  })
}
