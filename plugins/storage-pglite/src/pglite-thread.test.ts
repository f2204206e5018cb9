import { spawnSync } from 'node:child_process'
import { access, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import { PgliteThread } from './pglite-thread.js'

const temporaryDirectory = temporaryDirectories()

describe('PgliteThread (PGlite in a worker thread)', () => {
  let database: PgliteThread
  beforeAll(async () => { database = await PgliteThread.open('memory://') })
  afterAll(async () => { await database.close() })
  // One thread for the file (opening one costs seconds), a fresh table for every test.
  beforeEach(async () => { await database.executor.exec('DROP TABLE IF EXISTS notes; CREATE TABLE notes (n int PRIMARY KEY, at timestamptz)') })

  it('answers queries with rows and affected-row counts', async () => {
    expect((await database.executor.query('INSERT INTO notes VALUES (1, $1), (2, $1)', ['2023-05-01T00:00:00Z'])).rowCount).toBe(2)
    const { rows } = await database.executor.query<{ n: number; at: Date }>('SELECT n, at FROM notes ORDER BY n')
    expect(rows).toEqual([{ n: 1, at: new Date('2023-05-01T00:00:00Z') }, { n: 2, at: new Date('2023-05-01T00:00:00Z') }])
  })

  it("passes PostgreSQL's error fields across the thread", async () => {
    await database.executor.query('INSERT INTO notes VALUES (1, now())')
    await expect(database.executor.query('INSERT INTO notes VALUES (1, now())')).rejects.toMatchObject({
      code: '23505', constraint: 'notes_pkey', message: expect.stringContaining('duplicate key'),
    })
  })

  it('commits a transaction whose work resolves and rolls back one whose work throws', async () => {
    await database.executor.transaction((tx) => tx.query('INSERT INTO notes VALUES (10, now())'))
    await expect(database.executor.transaction(async (tx) => {
      await tx.query('INSERT INTO notes VALUES (11, now())')
      throw new Error('changed my mind')
    })).rejects.toThrow('changed my mind')
    const { rows } = await database.executor.query<{ n: number }>('SELECT n FROM notes WHERE n >= 10 ORDER BY n')
    expect(rows).toEqual([{ n: 10 }])
  })

  it('runs statements from outside a transaction after it, never inside it', async () => {
    let release: () => void = () => {}
    const held = new Promise<void>((resolve) => { release = resolve })
    let inserted: () => void = () => {}
    const insertDone = new Promise<void>((resolve) => { inserted = resolve })
    const settled: string[] = []
    const inTransaction = database.executor.transaction(async (tx) => {
      await tx.query('INSERT INTO notes VALUES (20, now())')
      inserted()
      await held
      // Sent after the outside statement: the thread has both while the transaction is open.
      await tx.query('SELECT 1')
      throw new Error('roll back')
    }).finally(() => settled.push('transaction'))
    await insertDone
    const outside = database.executor.query<{ count: number }>('SELECT count(*)::int AS count FROM notes WHERE n = 20')
      .finally(() => settled.push('outside'))
    release()
    await expect(inTransaction).rejects.toThrow('roll back')
    // Run inside the transaction, it would have counted the row the rollback removed.
    expect((await outside).rows).toEqual([{ count: 0 }])
    expect(settled).toEqual(['transaction', 'outside'])
  })

  it('refuses parameters it cannot pass to the thread and goes on working', async () => {
    await expect(database.executor.query('SELECT $1::text AS x', [() => 'a function'])).rejects.toThrow(/could not be cloned/)
    expect((await database.executor.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
  })
})

describe('PgliteThread lifecycle', () => {
  it('refuses statements once closed, naming the database', async () => {
    const database = await PgliteThread.open('memory://')
    await database.close()
    await expect(database.executor.query('SELECT 1')).rejects.toMatchObject({
      code: 'AETHER_E_STORAGE_PGLITE_STOPPED', message: expect.stringContaining('memory://'),
    })
    await database.close()
  })

  it('refuses to open a location that is not a directory, saying what to check, and leaves no lock', async () => {
    const file = join(await temporaryDirectory('aether-pglite-'), 'not-a-directory')
    await writeFile(file, 'x')
    await expect(PgliteThread.open(file)).rejects.toMatchObject({
      code: 'AETHER_E_STORAGE_PGLITE_OPEN', message: expect.stringContaining('Check that the directory is writable'),
    })
    await expect(access(`${file}.lock`)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('refuses to open a location where no lock file can be written, as an open failure', async () => {
    const location = join(await temporaryDirectory('aether-pglite-'), 'missing', 'db')
    await expect(PgliteThread.open(location)).rejects.toMatchObject({
      code: 'AETHER_E_STORAGE_PGLITE_OPEN', cause: expect.objectContaining({ code: 'ENOENT' }),
    })
  })

  it('holds its directory until closed: a second open is refused, and close removes the lock', async () => {
    const location = join(await temporaryDirectory('aether-pglite-'), 'db')
    const database = await PgliteThread.open(location)
    await expect(PgliteThread.open(location)).rejects.toMatchObject({ code: 'AETHER_E_STORAGE_PGLITE_LOCKED' })
    expect((await database.executor.query('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await access(`${location}.lock`)
    await database.close()
    await expect(access(`${location}.lock`)).rejects.toMatchObject({ code: 'ENOENT' })
  })

  it('does not keep a process alive while it is idle', () => {
    // The built package, as a user's script loads it: an open, idle database must let Node exit.
    const entry = fileURLToPath(new URL('../dist/index.js', import.meta.url))
    const script = `const { openPgliteStorage } = await import(${JSON.stringify(entry)}); await openPgliteStorage('memory://'); console.log('opened')`
    const child = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', timeout: 20_000 })
    expect(child.stdout.trim()).toBe('opened')
    expect(child.status).toBe(0)
  })
})
