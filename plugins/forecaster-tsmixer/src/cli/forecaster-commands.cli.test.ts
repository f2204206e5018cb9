import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKernelFromConfig, createLogger, forecasterPoint, loadConfig } from '@aether/core'
import { runAether } from '@aether/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { evenTicks, forecastInputOf } from '../../test/test-inputs.js'

// The operator's flow with the built CLI (`npm run build` first) on a pipeline without storage,
// whose tsmixer lifecycle runs the committed ONNX model under three version names and keeps its
// stages in a state file (the fallback; with storage see lifecycle-promote.postgres.test.ts). The
// steps share the file and run in order: canary, refusals, promote, then a pipeline started from it.
const versions = [
  { version: 'tsmixer@1', stage: 'promoted' },
  { version: 'tsmixer@2', stage: 'shadow' },
  { version: 'tsmixer@3', stage: 'shadow' },
]
let root: string
let pipeline: string
let stateFile: string
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-forecaster-cli-'))
  pipeline = join(root, 'pipeline.json')
  stateFile = join(root, 'state', 'lifecycle.json')
  await writeFile(pipeline, JSON.stringify({ tenant: 'acme', plugins: [{ use: '@aether/plugin-forecaster-tsmixer', config: { lifecycle: { stateFile: 'state/lifecycle.json', versions } } }] }))
})
afterAll(async () => {
  await rm(root, { recursive: true, force: true })
})

const aether = (args: string[]) => runAether(args, root, { timeoutMs: 30_000 })

async function savedStages(): Promise<Array<{ version: string; stage: string; canaryShare?: number }>> {
  return (JSON.parse(await readFile(stateFile, 'utf8')) as { versions: Array<{ version: string; stage: string; canaryShare?: number }> }).versions
}

describe('aether forecaster', () => {
  it('status shows the configured stages before any change', async () => {
    const shown = await aether(['forecaster', 'status', pipeline])
    expect(shown.code, shown.stderr).toBe(0)
    expect(shown.stdout).toBe(`model versions (state file ${stateFile}, revision 0):\n  tsmixer@1: promoted\n  tsmixer@2: shadow\n  tsmixer@3: shadow\nno stage changes recorded\n`)
  })

  it('canary makes a shadow a challenger on that share, saved in the state file and shown by status --json', async () => {
    const started = await aether(['forecaster', 'canary', 'tsmixer@2', '--share', '0.5', pipeline])
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout).toContain('tsmixer@2 is now challenger (canary share 0.5)')
    expect(await savedStages()).toEqual([versions[0], { version: 'tsmixer@2', stage: 'challenger', canaryShare: 0.5 }, versions[2]])
    const shown = await aether(['forecaster', 'status', pipeline, '--json'])
    expect(shown.code, shown.stderr).toBe(0)
    const status = JSON.parse(shown.stdout) as { versions: unknown[]; events: unknown[] }
    expect(status.versions[1]).toEqual({ version: 'tsmixer@2', stage: 'challenger', canaryShare: 0.5 })
    expect(status.events).toEqual([expect.objectContaining({ version: 'tsmixer@2', from: 'shadow', to: 'challenger', reason: 'operator', detail: 'canary share 0.5' })])
  })

  it('refuses a transition the lifecycle does not allow, an unknown version and a share out of range, leaving the state file as it was', async () => {
    const before = await readFile(stateFile, 'utf8')
    const shadowPromoted = await aether(['forecaster', 'promote', 'tsmixer@3', pipeline])
    expect(shadowPromoted.code).toBe(1)
    expect(shadowPromoted.stderr).toContain('AETHER_E_FORECASTER_LIFECYCLE_TRANSITION: Model version "tsmixer@3" cannot go from shadow to promoted.')
    const unknown = await aether(['forecaster', 'rollback', 'tsmixer@9', pipeline])
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('AETHER_E_FORECASTER_LIFECYCLE_VERSION_UNKNOWN: No model version "tsmixer@9" in the lifecycle (known: tsmixer@1, tsmixer@2, tsmixer@3).')
    const tooMuch = await aether(['forecaster', 'canary', 'tsmixer@3', '--share', '1.5', pipeline])
    expect(tooMuch.code).toBe(2)
    expect(tooMuch.stderr).toContain('Expected a share of tenants from 0 to 1')
    // Allowed alone, but with tsmixer@2's 0.5 the shares would add up to more than 1.
    const overlapping = await aether(['forecaster', 'canary', 'tsmixer@3', '--share', '0.75', pipeline])
    expect(overlapping.code).toBe(1)
    expect(overlapping.stderr).toContain('AETHER_E_FORECASTER_LIFECYCLE_INVALID')
    expect(await readFile(stateFile, 'utf8')).toBe(before)
  })

  it('rollback takes a challenger off its canary share', async () => {
    expect((await aether(['forecaster', 'canary', 'tsmixer@3', '--share', '0.25', pipeline])).code).toBe(0)
    const rolledBack = await aether(['forecaster', 'rollback', 'tsmixer@3', pipeline])
    expect(rolledBack.code, rolledBack.stderr).toBe(0)
    expect((await savedStages())[2]).toEqual({ version: 'tsmixer@3', stage: 'rolled-back' })
  })

  it('promote makes the challenger the promoted version, and a pipeline started from the state file answers with it', async () => {
    const promoted = await aether(['forecaster', 'promote', 'tsmixer@2', pipeline])
    expect(promoted.code, promoted.stderr).toBe(0)
    expect(promoted.stdout).toContain('tsmixer@2 is now promoted')
    expect(await savedStages()).toEqual([{ version: 'tsmixer@1', stage: 'retired' }, { version: 'tsmixer@2', stage: 'promoted' }, { version: 'tsmixer@3', stage: 'rolled-back' }])

    const kernel = await createKernelFromConfig(await loadConfig({ file: pipeline, flags: ['log.level=silent'] }))
    await kernel.start()
    try {
      const context = { tenant: 'acme', traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
      const [answer] = await kernel.resolve(forecasterPoint, 'tsmixer').forecastBatch([forecastInputOf(evenTicks(Array(40).fill(1), 600))], context)
      expect(answer).toMatchObject({ isOk: true, value: { model: 'tsmixer@2', features: { 'gate:passed': 1 } } })
      expect(answer?.isOk === true ? answer.value.features['lifecycle:canary'] : 'no answer').toBeUndefined()
    } finally {
      await kernel.stop()
    }
  })

  it('refuses a pipeline whose lifecycle keeps its stages nowhere (no storage, no state file), saying what to add', async () => {
    const memoryOnly = join(root, 'memory-only.json')
    await writeFile(memoryOnly, JSON.stringify({ plugins: [{ use: '@aether/plugin-forecaster-tsmixer', config: { lifecycle: { versions } } }] }))
    const refused = await aether(['forecaster', 'status', memoryOnly])
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('AETHER_E_FORECASTER_LIFECYCLE_UNCONFIGURED')
    expect(refused.stderr).toContain('add a SQL storage plugin')
    expect(refused.stderr).toContain('or set "stateFile"')
    const noLifecycle = join(root, 'no-lifecycle.json')
    await writeFile(noLifecycle, JSON.stringify({ plugins: [{ use: '@aether/plugin-forecaster-tsmixer' }] }))
    const alsoRefused = await aether(['forecaster', 'promote', 'tsmixer@2', noLifecycle])
    expect(alsoRefused.code).toBe(1)
    expect(alsoRefused.stderr).toContain('has no "lifecycle" in its config')
  })

  it('keeps the stages in a PGlite storage when the pipeline has one, and a pipeline started on it answers with them', async () => {
    const withStorage = join(root, 'with-storage.json')
    await writeFile(withStorage, JSON.stringify({ tenant: 'acme', plugins: [
      { use: '@aether/plugin-storage-pglite', config: { dataDir: 'data' } },
      { use: '@aether/plugin-forecaster-tsmixer', config: { lifecycle: { versions } } },
    ] }))
    // A first start creates the PGlite database (initdb, migrations): slower than the other steps.
    const started = await runAether(['forecaster', 'canary', 'tsmixer@3', '--share', '1', withStorage], root, { timeoutMs: 90_000 })
    expect(started.code, started.stderr).toBe(0)
    expect(started.stdout).toContain('saved in storage PGlite')
    expect(started.stdout).toContain('(tenant acme, lifecycle tsmixer) at revision 1')
    const kernel = await createKernelFromConfig(await loadConfig({ file: withStorage, flags: ['log.level=silent'] }))
    await kernel.start()
    try {
      const context = { tenant: 'acme', traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
      const [answer] = await kernel.resolve(forecasterPoint, 'tsmixer').forecastBatch([forecastInputOf(evenTicks(Array(40).fill(1), 600))], context)
      expect(answer).toMatchObject({ isOk: true, value: { model: 'tsmixer@3', features: { 'lifecycle:canary': 1 } } })
    } finally {
      await kernel.stop()
    }
  }, 120_000)
})
