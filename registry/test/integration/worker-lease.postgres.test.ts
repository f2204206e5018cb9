import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createLogger } from '@aether/core'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry, type RunningRegistry } from '../../src/index.js'
import { certifiableEnricher, writeAdapterPackage } from '../adapter-package.js'
import { npmClient } from '../npm-cli.js'

// The distributed topology: the service without a worker, and `aether registry worker`
// processes sharing its PostgreSQL database and data folder.
const aetherCli = fileURLToPath(new URL('../../../core/dist/cli/main.js', import.meta.url))
const leaseMs = 2_000
let root: string
let database: FreshDatabase
let running: RunningRegistry

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-registry-lease-'))
  database = await freshDatabase()
  running = await startRegistry({ dataDir: join(root, 'registry'), databaseUrl: database.connectionString, port: 0, hasWorker: false, logger: createLogger({ level: 'silent' }) })
})
afterAll(async () => {
  await running?.stop()
  await database?.drop()
  await rm(root, { recursive: true, force: true })
})

interface Row { state: string; attempts: number; lease_owner: string | null; lease_until: Date | null; decided_at: Date | null; certificate: string | null }
async function submissionRow(): Promise<Row | undefined> {
  const { rows } = await running.registry.storage.executor.query<Row>('SELECT state, attempts, lease_owner, lease_until, decided_at, certificate FROM registry_submissions')
  return rows[0]
}
async function until<T>(what: string, probe: () => Promise<T | undefined>, deadlineMs = 30_000): Promise<T> {
  const deadline = Date.now() + deadlineMs
  for (;;) {
    const value = await probe()
    if (value !== undefined) return value
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`)
    await new Promise((resolve) => setTimeout(resolve, 20))
  }
}

describe('aether registry worker', () => {
  it('leaves the submission of a worker killed mid-run to the next worker after its lease, which certifies it once', async () => {
    const token = await running.registry.tokens.create('alice')
    const npm = await npmClient(running.url, token)
    const published = await npm.run(['publish', '--access', 'public'], await writeAdapterPackage(join(root, 'adapter'), { name: '@acme/leased-enricher', version: '1.0.0', bundle: certifiableEnricher }))
    expect(published.code, published.stderr).toBe(0)

    // A process group of its own, so that SIGKILL takes its sandbox processes with it.
    const doomed = spawn(process.execPath, [aetherCli, 'registry', 'worker', '--database-url', database.connectionString, '--data-dir', join(root, 'registry'),
      '--lease-ms', String(leaseMs), '--poll-ms', '50', '--log-level', 'silent'], { detached: true, stdio: 'ignore' })
    const claimed = await until('the first worker to claim the submission', async () => {
      const row = await submissionRow()
      return row?.state === 'testing' ? row : undefined
    })
    process.kill(-(doomed.pid as number), 'SIGKILL')
    await new Promise((resolve) => doomed.once('exit', resolve))
    const orphaned = await submissionRow()
    expect(orphaned).toMatchObject({ state: 'testing', attempts: 1, decided_at: null })

    const next = running.registry.worker(createLogger({ level: 'silent' }), { leaseMs, pollMs: 50 })
    next.start()
    try {
      const decided = await until('the next worker to decide', async () => {
        const row = await submissionRow()
        return row?.state === 'certified' || row?.state === 'rejected' ? row : undefined
      })
      expect(decided.state).toBe('certified')
      expect(decided.attempts).toBe(2)
      expect(decided.lease_owner).toBeNull()
      // Not taken over before the killed worker's lease ran out.
      expect((decided.decided_at as Date).getTime()).toBeGreaterThanOrEqual((claimed.lease_until as Date).getTime())
      expect(JSON.parse(decided.certificate as string)).toMatchObject({ package: '@acme/leased-enricher', version: '1.0.0' })
    } finally {
      await next.stop()
    }
  })
})
