import { spawn } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { afterAll, describe, expect, it } from 'vitest'
import { aetherBin, runAether } from './run-cli.js'

const exampleDir = fileURLToPath(new URL('.', import.meta.url))
// Inside the example, so that the pipeline files written here resolve the installed plugins.
const scratchRoot = join(exampleDir, '.aether')
const made: string[] = []
afterAll(async () => { await Promise.all(made.map((dir) => rm(dir, { recursive: true, force: true }))) })

async function scratch(prefix: string): Promise<string> {
  await mkdir(scratchRoot, { recursive: true })
  const dir = await mkdtemp(join(scratchRoot, prefix))
  made.push(dir)
  return dir
}

// A policy engine that never answers until the kernel stops, like a hung third-party adapter.
const hungPolicy = `import { policyEnginePoint } from '@aether/core'
export const plugin = {
  manifest: { name: 'hung-policy', version: '1.0.0', engine: '^0.1.0', provides: [policyEnginePoint.id] },
  register(context) {
    context.provide(policyEnginePoint, { name: 'hung', decideBatch: (_forecasts, stage) => new Promise((_resolve, reject) => {
      stage.signal.addEventListener('abort', () => reject(new Error('stopped while hung')), { once: true })
    }) })
  },
}
`

async function pipelineWith(dir: string, changes: { csv?: string; policy?: string }): Promise<string> {
  const pipeline = JSON.parse(await readFile(join(exampleDir, 'pipeline.json'), 'utf8')) as {
    plugins: Array<{ use: string; config?: Record<string, unknown> }>; pipeline: Record<string, unknown>
  }
  pipeline.plugins[0] = { use: '@aether/plugin-storage-pglite', config: { dataDir: join(dir, 'pglite') } }
  for (const entry of pipeline.plugins) {
    const replays = entry.config?.replays as Array<{ inputs: Array<{ path: string; format: string }> }> | undefined
    for (const input of replays?.[0]?.inputs ?? []) input.path = join(exampleDir, input.path)
    const rules = entry.config?.rules as { path: string } | undefined
    if (rules !== undefined) rules.path = join(exampleDir, rules.path)
    if (changes.csv !== undefined && replays !== undefined) replays[0]!.inputs = [{ format: 'gcp-spot-prices', path: changes.csv }]
  }
  if (changes.policy !== undefined) {
    await writeFile(join(dir, 'policy.js'), changes.policy)
    pipeline.plugins = pipeline.plugins.filter((entry) => entry.use !== '@aether/plugin-policy')
    pipeline.plugins.push({ use: './policy.js' })
    pipeline.pipeline.policy = 'hung'
  }
  const file = join(dir, 'pipeline.json')
  await writeFile(file, JSON.stringify(pipeline))
  return file
}

/** The header and the first `count` rows with a spot price of a shipped price file: every record of them is valid. */
async function pricesWithSpot(count: number): Promise<string> {
  const [header, ...rows] = (await readFile(join(exampleDir, 'data/gcp-spot-prices-n4-standard-4.csv'), 'utf8')).split('\n')
  return `${[header, ...rows.filter((row) => /,[0-9.]+$/.test(row)).slice(0, count)].join('\n')}\n`
}

describe('how aether run ends', () => {
  it('stores a CSV row with a NUL byte as invalid and every other record, exits 0, and a replay writes nothing', async () => {
    const dir = await scratch('nul-')
    const lines = (await pricesWithSpot(40)).split('\n')
    lines[5] = lines[5]!.replace('n4-standard-4', 'n4-standard\u00004')
    await writeFile(join(dir, 'prices.csv'), lines.join('\n'))
    const file = await pipelineWith(dir, { csv: join(dir, 'prices.csv') })
    const first = await runAether(['run', file, '--json', '--no-progress', '--log-level', 'warn'], dir)
    expect(first.code).toBe(0)
    const summary = JSON.parse(first.stdout) as { outcome: string; counts: Record<string, number> }
    expect(summary.outcome).toBe('completed')
    // Every row gives the same number of records; only the poisoned row's are invalid.
    expect(summary.counts.invalid).toBe(summary.counts.recordsIn / 40)
    expect(summary.counts.stored).toBe(summary.counts.recordsIn + summary.counts.enrichments + summary.counts.forecasts + summary.counts.decisions)
    const replay = await runAether(['run', file, '--json', '--no-progress', '--log-level', 'warn'], dir)
    expect(replay.code).toBe(0)
    expect(JSON.parse(replay.stdout)).toMatchObject({ outcome: 'completed', counts: { stored: 0, duplicates: summary.counts.stored } })
  }, 120_000)

  it('ends a run that cannot make progress with exit 1 and names the work left and its stage', async () => {
    const dir = await scratch('stall-')
    await writeFile(join(dir, 'prices.csv'), await pricesWithSpot(40))
    const file = await pipelineWith(dir, { policy: hungPolicy, csv: join(dir, 'prices.csv') })
    const { code, stdout } = await runAether(['run', file, '--no-progress', '--log-level', 'error', '--set', 'pipeline.stallTimeoutMs=2000'], dir)
    expect(code).toBe(1)
    expect(stdout).toContain('Pipeline stalled (role all)')
    expect(stdout).toMatch(/^ {2}forecasts \(policy\): \d+ messages$/m)
  }, 120_000)

  it('drains on Ctrl-C, says the run was interrupted with the counts so far, and exits 130', async () => {
    const dir = await scratch('interrupt-')
    const file = await pipelineWith(dir, {})
    // Small batches make the run long enough to interrupt.
    const child = spawn(process.execPath, [aetherBin, 'run', file, '--no-progress', '--set', 'pipeline.batchSize=5'], { cwd: dir })
    let stdout = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    await new Promise<void>((resolve) => {
      child.stderr.on('data', (chunk: Buffer) => { if (chunk.toString().includes('kernel started')) resolve() })
    })
    child.kill('SIGINT')
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(code).toBe(130)
    expect(stdout).toMatch(/^Pipeline interrupted by SIGINT \(role all\); in-flight work was drained\. Counts:$/m)
    // The counts are read after the drain: what the summary says was written is what storage holds.
    const written = Number(/^ {2}rows written +(\d+)$/m.exec(stdout)?.[1])
    const storage = await openPgliteStorage(join(dir, 'pglite'))
    try {
      const stored = Object.values(await storage.store.countByContract('demo')).reduce((sum, count) => sum + count, 0)
      expect(stored).toBe(written)
    } finally {
      await storage.close()
    }
  }, 120_000)
})
