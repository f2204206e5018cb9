import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKernelFromConfig, createLogger, forecasterPoint, loadConfig, type Forecast, type Kernel } from '@aether/core'
import { runAether } from '@aether/core/testing'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evenTicks, forecastInputOf } from '../test-inputs.js'

// A pipeline keeps running in this process (its kernel, PostgreSQL storage, the tsmixer lifecycle
// on the committed ONNX model under two version names) while `aether forecaster` runs as a real
// CLI process on the same pipeline file (`npm run build` first). Steps run in order.
const refreshMs = 100
let database: FreshDatabase
let root: string
let pipeline: string
let kernel: Kernel
beforeAll(async () => {
  database = await freshDatabase()
  root = await mkdtemp(join(tmpdir(), 'aether-lifecycle-postgres-'))
  pipeline = join(root, 'pipeline.json')
  await writeFile(pipeline, JSON.stringify({
    tenant: 'acme',
    plugins: [
      { use: '@aether/plugin-storage-postgres', config: { connectionString: database.connectionString } },
      { use: '@aether/plugin-forecaster-tsmixer', config: { lifecycle: { refreshMs, versions: [{ version: 'tsmixer@1', stage: 'promoted' }, { version: 'tsmixer@2', stage: 'shadow' }] } } },
    ],
  }))
  kernel = await createKernelFromConfig(await loadConfig({ file: pipeline, flags: ['log.level=silent'] }))
  await kernel.start()
})
afterAll(async () => {
  await kernel.stop()
  await rm(root, { recursive: true, force: true })
  await database.drop()
})

const aether = (args: string[]) => runAether(args, root, { timeoutMs: 60_000 })

async function answer(): Promise<Forecast> {
  const context = { tenant: 'acme', traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
  const [result] = await kernel.resolve(forecasterPoint, 'tsmixer').forecastBatch([forecastInputOf(evenTicks(Array(40).fill(1), 600))], context)
  if (result?.isOk !== true) throw new Error(`expected a forecast, got ${JSON.stringify(result)}`)
  return result.value
}

/** Forecasts until one satisfies `isWanted`, within `deadlineMs`; returns how long it took. */
async function answeredWithin(isWanted: (forecast: Forecast) => boolean, deadlineMs: number): Promise<number> {
  const started = Date.now()
  for (;;) {
    if (isWanted(await answer())) return Date.now() - started
    if (Date.now() - started > deadlineMs) throw new Error(`the running pipeline did not apply the change within ${deadlineMs} ms`)
    await new Promise((wake) => setTimeout(wake, 20))
  }
}

describe('aether forecaster on a running pipeline with PostgreSQL storage', () => {
  it('answers with the promoted version before any change', async () => {
    expect(await answer()).toMatchObject({ model: 'tsmixer@1', features: { 'gate:passed': 1, 'shadow:tsmixer@2': expect.any(Number) } })
  })

  it('starts answering with a canary the CLI started, without a restart', async () => {
    const started = await aether(['forecaster', 'canary', 'tsmixer@2', '--share', '1', pipeline])
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout).toContain('tsmixer@2 is now challenger (canary share 1); saved in storage PostgreSQL')
    await answeredWithin((forecast) => forecast.model === 'tsmixer@2' && forecast.features['lifecycle:canary'] === 1, 10 * refreshMs + 5_000)
  })

  it('answers with the version `aether forecaster promote` promoted, without a restart, and status reads the same storage', async () => {
    const promoted = await aether(['forecaster', 'promote', 'tsmixer@2', pipeline])
    expect(promoted.code, promoted.stderr).toBe(0)
    expect(promoted.stdout).toContain('at revision 2')
    await answeredWithin((forecast) => forecast.model === 'tsmixer@2' && forecast.features['lifecycle:canary'] === undefined, 10 * refreshMs + 5_000)
    const lifecycle = kernel.resolve(forecasterPoint, 'tsmixer') as unknown as { versions: Array<{ stage: string }>; revision: number }
    expect(lifecycle.versions.map((entry) => entry.stage)).toEqual(['retired', 'promoted'])
    expect(lifecycle.revision).toBe(2)
    const shown = await aether(['forecaster', 'status', pipeline, '--json'])
    expect(shown.code, shown.stderr).toBe(0)
    const status = JSON.parse(shown.stdout) as { state: string; revision: number; versions: unknown[]; events: Array<{ version: string; to: string }> }
    expect(status.state).toMatch(/^storage PostgreSQL .*\(tenant acme, lifecycle tsmixer\)$/)
    expect(status.revision).toBe(2)
    expect(status.versions).toEqual([{ version: 'tsmixer@1', stage: 'retired' }, { version: 'tsmixer@2', stage: 'promoted' }])
    expect(status.events.map((event) => `${event.version}:${event.to}`)).toEqual(['tsmixer@2:challenger', 'tsmixer@1:retired', 'tsmixer@2:promoted'])
  })
})
