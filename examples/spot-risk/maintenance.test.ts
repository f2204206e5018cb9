import { cp } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { beforeAll, describe, expect, it } from 'vitest'
import { runAether } from './run-cli.js'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

const exampleDir = fileURLToPath(new URL('.', import.meta.url))

// Each aether command starts a kernel and opens PGlite: seconds each, many on a busy machine.
const cliTimeoutMs = 180_000

/** One run of the pipeline, copied for each group of tests so none sees another's changes. */
let runDir: string
beforeAll(async () => {
  runDir = join(await temporaryDirectory('aether-retention-'), 'db')
  const run = await runAether(['run', 'pipeline.json', '--no-progress', '--log-level', 'warn', '--set', `plugins.0.config.dataDir=${runDir}`], exampleDir)
  expect(run.code).toBe(0)
}, cliTimeoutMs)

async function copyOfRun(): Promise<string> {
  const dataDir = join(await temporaryDirectory('aether-retention-'), 'db')
  await cp(runDir, dataDir, { recursive: true })
  return dataDir
}

/** `aether <args>` on the tenant demo (or the one given) of a copy of the run. */
function attempt(dataDir: string, args: string[], tenant = 'demo'): ReturnType<typeof runAether> {
  return runAether([...args, '-c', 'pipeline.json', '--tenant', tenant, '--set', `plugins.0.config.dataDir=${dataDir}`], exampleDir)
}

/** Reads the database directly, as the table owner, while no command has it open. */
async function query<Row>(dataDir: string, sql: string): Promise<Row[]> {
  const storage = await openPgliteStorage(dataDir)
  try {
    return (await storage.executor.query<Row>(sql)).rows
  } finally {
    await storage.close()
  }
}

describe('audit and retention of a real spot-risk run, with the aether CLI on PGlite', () => {
  let dataDir: string
  const aether = async (...args: string[]): Promise<string> => {
    const result = await attempt(dataDir, args)
    if (result.code !== 0) throw new Error(`aether ${args.join(' ')} exited with ${result.code}:\n${result.stdout}${result.stderr}`)
    return result.stdout
  }
  const remaining = (): Promise<Array<{ contract: string; observed_at: Date }>> => query(dataDir, 'SELECT contract, observed_at FROM records')

  beforeAll(async () => { dataDir = await copyOfRun() }, cliTimeoutMs)

  it('verifies the ledger of the run, saying no anchor proves it yet, then anchors it', async () => {
    expect(await aether('audit', 'verify')).toMatch(
      /^VALID ledger of tenant demo: (\d+) entries, 0 anchors; no anchor yet, so none of the \1 entries is provable: deleting or rewriting entries #1\.\.#\1 would go unnoticed until anchored \(aether audit anchor\)\.\n$/)
    expect(await aether('audit', 'anchor')).toMatch(/^Anchored entries #1-#\d+ of tenant demo: Merkle root [0-9a-f]{64}/)
    expect(await aether('audit', 'anchor')).toBe('Nothing to anchor for tenant demo: every entry is already covered.\n')
    expect(await aether('audit', 'verify')).toMatch(/^VALID ledger of tenant demo: (\d+) entries, 1 anchors; all \1 entries anchored\.\n$/)
  }, cliTimeoutMs)

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
    expect(after.some((row) => row.contract === 'decision.v2' && isHeld(row))).toBe(true)

    // Every collection is audited and the chain still verifies.
    expect(await aether('audit', 'verify')).toMatch(/^VALID ledger of tenant demo/)
  }, cliTimeoutMs)
})

describe('aether retention refusing what did not happen or would be false', () => {
  let dataDir: string
  beforeAll(async () => { dataDir = await copyOfRun() }, cliTimeoutMs)
  const holdEntries = (id: string): Promise<unknown[]> => query(dataDir, `SELECT seq FROM audit_entries WHERE subject = 'legal-hold:${id}'`)

  it('refuses to release a hold that was never placed, with a coded error and no audit entry', async () => {
    const { code, stdout, stderr } = await attempt(dataDir, ['retention', 'release', '--id', 'no-such-hold'])
    expect(stderr).toBe('error AETHER_E_STORAGE_HOLD_UNKNOWN: Tenant "demo" has no legal hold "no-such-hold"; nothing was released. The tenant has no holds.\n')
    expect(stdout).toBe('')
    expect(code).toBe(1)
    expect(await holdEntries('no-such-hold')).toEqual([])
  }, cliTimeoutMs)

  it('refuses a second hold with the same id, keeping the first, instead of a key violation', async () => {
    const hold = ['retention', 'hold', '--id', 'case-7', '--reason', 'litigation']
    expect((await attempt(dataDir, [...hold, '--from', '2023-05-01T00:00:00Z', '--to', '2023-05-02T00:00:00Z'])).code).toBe(0)
    const { code, stderr } = await attempt(dataDir, [...hold, '--from', '2023-06-01T00:00:00Z', '--to', '2023-06-02T00:00:00Z'])
    expect(stderr).toBe('error AETHER_E_STORAGE_HOLD_EXISTS: Tenant "demo" already has a legal hold "case-7" ' +
      '(2023-05-01T00:00:00.000Z to 2023-05-02T00:00:00.000Z); nothing was changed. Choose another id, or release that hold first.\n')
    expect(code).toBe(1)
    expect(await holdEntries('case-7')).toHaveLength(1)
  }, cliTimeoutMs)

  it('refuses a hold whose window ends before it starts', async () => {
    const { code, stderr } = await attempt(dataDir, ['retention', 'hold', '--id', 'reversed', '--reason', 'typo',
      '--from', '2023-06-01T00:00:00Z', '--to', '2023-05-01T00:00:00Z'])
    expect(stderr).toMatch(/^error AETHER_E_STORAGE_WINDOW_REVERSED: The window from 2023-06-01T00:00:00\.000Z to 2023-05-01T00:00:00\.000Z is reversed or empty/)
    expect(code).toBe(1)
    expect(await query(dataDir, `SELECT id FROM legal_holds WHERE id = 'reversed'`)).toEqual([])
  }, cliTimeoutMs)

  it('refuses a tenant that has no data, naming those that have, and gives it no ledger', async () => {
    const { code, stderr } = await attempt(dataDir, ['retention', 'ttl', '--days', '30'], 'dmeo')
    expect(stderr).toBe('error AETHER_E_STORAGE_TENANT_UNKNOWN: Tenant "dmeo" has no records and no audit entries; nothing was done. ' +
      'Tenants with data: demo. Check --tenant.\n')
    expect(code).toBe(1)
    expect(await query(dataDir, `SELECT tenant FROM audit_entries WHERE tenant = 'dmeo' UNION SELECT tenant FROM retention_policies WHERE tenant = 'dmeo'`)).toEqual([])
  }, cliTimeoutMs)

  it('prints the outcome of a retention command as JSON with --json', async () => {
    const { code, stdout } = await attempt(dataDir, ['retention', 'ttl', '--json'])
    expect(JSON.parse(stdout)).toEqual({ tenant: 'demo', ttlDays: 90 })
    expect(code).toBe(0)
  }, cliTimeoutMs)
})

describe('aether audit verify against the latest anchor', () => {
  const deleteLastEntry = async (dataDir: string): Promise<number> => {
    const [last] = await query<{ seq: number }>(dataDir, `DELETE FROM audit_entries WHERE tenant = 'demo' AND seq = (SELECT max(seq) FROM audit_entries) RETURNING seq`)
    return Number(last?.seq)
  }

  it('says the entries after the latest anchor are not provable: a deleted last entry among them goes unnoticed', async () => {
    const dataDir = await copyOfRun()
    const last = await deleteLastEntry(dataDir)
    const { code, stdout } = await attempt(dataDir, ['audit', 'verify'])
    expect(stdout).toBe(`VALID ledger of tenant demo: ${last - 1} entries, 0 anchors; no anchor yet, so none of the ${last - 1} entries is provable: ` +
      `deleting or rewriting entries #1..#${last - 1} would go unnoticed until anchored (aether audit anchor).\n`)
    expect(code).toBe(0)
  }, cliTimeoutMs)

  it('fails a chain whose last entry was deleted after an anchor covered it, naming the entry', async () => {
    const dataDir = await copyOfRun()
    expect((await attempt(dataDir, ['audit', 'anchor'])).code).toBe(0)
    const last = await deleteLastEntry(dataDir)
    const { code, stdout } = await attempt(dataDir, ['audit', 'verify', '--json'])
    expect(JSON.parse(stdout)).toEqual({
      tenant: 'demo', isValid: false, entries: last - 1, anchors: 1, anchoredThroughSeq: last, unanchored: 0,
      problem: { seq: last, problem: `the chain ends at entry #${last - 1} but the latest anchor covers up to #${last}: entry #${last} is missing` },
    })
    expect(code).toBe(1)
  }, cliTimeoutMs)
})
