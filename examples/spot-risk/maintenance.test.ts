import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { beforeAll, describe, expect, it } from 'vitest'
import { runAether } from './run-cli.js'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

const exampleDir = fileURLToPath(new URL('.', import.meta.url))

describe('audit and retention of a real spot-risk run, with the aether CLI on PGlite', () => {
  let dataDir: string
  const aether = async (...args: string[]): Promise<string> => {
    const result = await runAether([...args, '-c', 'pipeline.json', '--tenant', 'demo', '--set', `plugins.0.config.dataDir=${dataDir}`], exampleDir)
    if (result.code !== 0) throw new Error(`aether ${args.join(' ')} exited with ${result.code}:\n${result.stdout}${result.stderr}`)
    return result.stdout
  }
  const remaining = async (): Promise<Array<{ contract: string; observed_at: Date }>> => {
    const storage = await openPgliteStorage(dataDir)
    try {
      return (await storage.executor.query<{ contract: string; observed_at: Date }>('SELECT contract, observed_at FROM records')).rows
    } finally {
      await storage.close()
    }
  }

  beforeAll(async () => {
    dataDir = join(await temporaryDirectory('aether-retention-'), 'db')
    const run = await runAether(['run', 'pipeline.json', '--no-progress', '--log-level', 'warn', '--set', `plugins.0.config.dataDir=${dataDir}`], exampleDir)
    expect(run.code).toBe(0)
  }, 120_000)

  it('verifies the ledger of the run, then anchors it', async () => {
    expect(await aether('audit', 'verify')).toMatch(/^VALID ledger of tenant demo: (\d+) entries, 0 anchors \(entries up to #0 anchored, \1 not yet\)/)
    expect(await aether('audit', 'anchor')).toMatch(/^Anchored entries #1-#\d+ of tenant demo: Merkle root [0-9a-f]{64}/)
    expect(await aether('audit', 'anchor')).toBe('Nothing to anchor for tenant demo: every entry is already covered.\n')
  })

  it('anchors, then collects expired records in batches, sparing a legal hold and what is recent', async () => {
    expect(await aether('retention', 'ttl', '--days', '30')).toBe('Tenant demo keeps records 30 days.\n')
    await aether('retention', 'hold', '--id', 'review', '--from', '2023-05-01T00:00:00Z', '--to', '2023-05-02T00:00:00Z', '--reason', 'incident review')
    const holdStart = Date.parse('2023-05-01T00:00:00Z')
    const holdEnd = Date.parse('2023-05-02T00:00:00Z')
    const isHeld = (row: { observed_at: Date }): boolean => row.observed_at.getTime() >= holdStart && row.observed_at.getTime() < holdEnd
    const before = await remaining()

    expect(await aether('retention', 'gc', '--batch-size', '5000')).toMatch(/^Deleted \d+ records of tenant demo observed before .* \(TTL 30 days\) in \d+ batches\.\n$/)
    const after = await remaining()
    expect(after.length).toBeLessThan(before.length)
    // Invalid records are timed by when they arrived (today), so they are not expired yet.
    const isRecent = (row: { observed_at: Date }): boolean => row.observed_at.getTime() > Date.now() - 30 * 86_400_000
    expect(after.every((row) => isHeld(row) || isRecent(row))).toBe(true)
    expect(after.length).toBe(before.filter((row) => isHeld(row) || isRecent(row)).length)
    expect(after.some((row) => row.contract === 'telemetry.v1' && isHeld(row))).toBe(true)
    expect(after.some((row) => row.contract === 'decision.v1' && isHeld(row))).toBe(true)

    // Every collection is audited and the chain still verifies.
    expect(await aether('audit', 'verify')).toMatch(/^VALID ledger of tenant demo/)
  }, 60_000)
})
