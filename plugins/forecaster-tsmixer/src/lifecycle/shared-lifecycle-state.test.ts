import { createLogger, type Forecaster, type Logger } from '@aether/core'
import { HeuristicForecaster } from '@aether/plugin-forecaster'
import { openPgliteStorage, type PgliteStorage } from '@aether/plugin-storage-pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SlowedForecaster } from '../../test/degraded-forecasters.js'
import { evenTicks, forecastInputOf } from '../../test/test-inputs.js'
import { LifecycleTransitionRefused } from '../errors.js'
import { ModelLifecycle } from './model-lifecycle.js'
import { storageLifecycleState } from './storage-lifecycle-state.js'

// Two lifecycles on one PGlite database stand for two processes of a pipeline (or a pipeline and
// `aether forecaster`): each keeps its own stages in memory and meets the other only in storage.
// `v@2` answers 5 ms late; with maxP99LatencyMs 1 it is rolled back after its first batch.
const heuristic = new HeuristicForecaster({ horizonMinutes: 60, signalHalfLifeHours: 6 })
const forecasters: Record<string, Forecaster> = { 'v@1': heuristic, 'v@2': new SlowedForecaster(heuristic, 5), 'v@3': heuristic }
const versions = [{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'challenger', canaryShare: 1 }, { version: 'v@3', stage: 'shadow' }]
const input = forecastInputOf(evenTicks(Array(40).fill(1), 600))

let storage: PgliteStorage
beforeAll(async () => { storage = await openPgliteStorage('memory://') })
afterAll(async () => { await storage.close() })

function logged(): { logger: Logger; lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  return { lines, logger: createLogger({ level: 'info', destination: { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>) } } }) }
}

async function startProcess(tenant: string, logger = createLogger({ level: 'silent' })): Promise<ModelLifecycle> {
  const lifecycle = ModelLifecycle.create({ versions, maxP99LatencyMs: 1, minBatches: 1 }, { forecasters, logger })
  await lifecycle.attach(storageLifecycleState(storage.store, tenant, 'tsmixer') ?? expect.fail('the PGlite storage keeps no lifecycles'))
  return lifecycle
}

const contextFor = (tenant: string) => ({ tenant, traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal })
const stages = (lifecycle: ModelLifecycle) => lifecycle.versions.map((entry) => entry.stage)

describe('a model lifecycle shared through storage', () => {
  it('picks up a promotion another process saved when it reads the stages again, and logs it', async () => {
    const { logger, lines } = logged()
    const pipeline = await startProcess('promoted-elsewhere', logger)
    const operator = await startProcess('promoted-elsewhere')
    await operator.promote('v@2')
    expect(stages(pipeline)).toEqual(['promoted', 'challenger', 'shadow'])
    expect(await pipeline.refresh()).toBe(true)
    expect(stages(pipeline)).toEqual(['retired', 'promoted', 'shadow'])
    expect(pipeline.versionFor('any-tenant')).toBe('v@2')
    expect(pipeline.events).toEqual(operator.events)
    expect(lines.find((line) => line.version === 'v@2' && line.to === 'promoted')).toMatchObject({ msg: 'model version stage change picked up from the saved stages', revision: 1 })
    expect(await pipeline.refresh()).toBe(false)
  })

  it('shows an automatic rollback in one process to the others', async () => {
    const { logger, lines } = logged()
    const rolling = await startProcess('rolled-here')
    const other = await startProcess('rolled-here', logger)
    const [answer] = await rolling.forecastBatch([input], contextFor('rolled-here'))
    expect(answer).toMatchObject({ isOk: true, value: { model: 'heuristic-baseline@1' } })
    expect(stages(rolling)).toEqual(['promoted', 'rolled-back', 'shadow'])
    await rolling.settled()
    expect(await other.refresh()).toBe(true)
    expect(stages(other)).toEqual(['promoted', 'rolled-back', 'shadow'])
    expect(other.events).toEqual([expect.objectContaining({ version: 'v@2', to: 'rolled-back', reason: 'latency' })])
    expect(lines.find((line) => line.version === 'v@2')).toMatchObject({ level: 40, from: 'challenger', to: 'rolled-back' })
  })

  it('refuses an operator\'s promotion that lost the race to an automatic rollback, naming the stage it found', async () => {
    const pipeline = await startProcess('rollback-first')
    const operator = await startProcess('rollback-first')
    await pipeline.forecastBatch([input], contextFor('rollback-first'))
    await pipeline.settled()
    const refused = operator.promote('v@2')
    await expect(refused).rejects.toThrow(LifecycleTransitionRefused)
    await expect(refused).rejects.toThrow('Model version "v@2" cannot go from rolled-back to promoted.')
    expect(stages(operator)).toEqual(['promoted', 'rolled-back', 'shadow'])
    expect((await storage.store.lifecycles.read('rollback-first', 'tsmixer')).events.map((event) => event.to)).toEqual(['rolled-back'])
  })

  it('lets an automatic rollback give way to an operator\'s promotion saved first, with a warning', async () => {
    const { logger, lines } = logged()
    const pipeline = await startProcess('promote-first', logger)
    const operator = await startProcess('promote-first')
    await operator.promote('v@2')
    await pipeline.forecastBatch([input], contextFor('promote-first'))
    await pipeline.settled()
    expect(stages(pipeline)).toEqual(['retired', 'promoted', 'shadow'])
    expect(lines.some((line) => line.msg === 'an automatic model lifecycle change gave way to the saved stages another writer changed first')).toBe(true)
    expect((await storage.store.lifecycles.read('promote-first', 'tsmixer')).events.map((event) => `${event.version}:${event.to}`)).toEqual(['v@1:retired', 'v@2:promoted'])
  })

  it('applies a change again on the stages another process saved first, when they still allow it', async () => {
    const pipeline = await startProcess('both-kept')
    const operator = await startProcess('both-kept')
    await operator.startCanary('v@3', 0)
    // The pipeline still holds revision 0: its save is refused once, then made on revision 1.
    await pipeline.forecastBatch([input], contextFor('both-kept'))
    await pipeline.settled()
    expect(pipeline.revision).toBe(2)
    expect(stages(pipeline)).toEqual(['promoted', 'rolled-back', 'challenger'])
    const saved = await storage.store.lifecycles.read('both-kept', 'tsmixer')
    expect(saved.events.map((event) => `${event.version}:${event.to}`)).toEqual(['v@3:challenger', 'v@2:rolled-back'])
  })
})
