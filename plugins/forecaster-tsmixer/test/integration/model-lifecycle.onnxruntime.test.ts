import { createKernel, createLogger, createStageMetrics, forecasterPoint, pluginMetrics, type ForecastInput, type TelemetryV1 } from '@aether/core'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { canaryBucket } from '../../src/lifecycle/canary-bucket.js'
import { lifecycleStateFile } from '../../src/lifecycle/lifecycle-state-file.js'
import { ModelLifecycle } from '../../src/lifecycle/model-lifecycle.js'
import { brierScore } from '../../src/metrics.js'
import { labelledWindows, parseSpotTrace } from '../../src/trace-windows.js'
import { plugin } from '../../src/plugin.js'
import { TsmixerForecaster } from '../../src/tsmixer-forecaster.js'
import { InvertedForecaster, SlowedForecaster } from '../degraded-forecasters.js'
import { evenTicks, forecastInputOf } from '../test-inputs.js'

// Every version below runs the committed ONNX model in the real onnxruntime-node. `tsmixer@2-copy`
// is the same file loaded a second time under another name; `-slowed` and `-inverted` are that
// model wrapped by the test to answer late or wrongly.
const traceFile = fileURLToPath(new URL('../../../../training/forecaster/data/spot-traces/availability/1-node/aws-10-26-2022/us-west-2b_v100_1.json', import.meta.url))
const config = { timeoutMs: 5000, minTicks: 16, signalHalfLifeHours: 6 }
const prices = (index: number) => 0.9 + 0.01 * (index % 3)
const steady = forecastInputOf(evenTicks(Array(40).fill(1), 32, prices))
const losing = forecastInputOf(evenTicks([...Array(30).fill(1), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 32, prices))

function contextFor(tenant: string) {
  return { tenant, traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
}

function captured() {
  const lines: Array<Record<string, unknown>> = []
  const logger = createLogger({ level: 'info', destination: { write: (line: string) => { lines.push(JSON.parse(line) as Record<string, unknown>) } } })
  const registry = createStageMetrics().registry
  return { lines, logger, registry, metrics: pluginMetrics(registry, '@aether/plugin-forecaster-tsmixer') }
}

/** The pool's next spot_available tick, `minutesAfter` its forecast's asOf. */
function laterTick(input: ForecastInput, minutesAfter: number, value: number): TelemetryV1 {
  return {
    id: 'b'.repeat(32), tenant: 't', contract: 'telemetry.v1', source: 'spot-trace', sourceEventId: `${input.pool}/${minutesAfter}`,
    region: input.region, zone: input.zone, pool: input.pool, metric: 'spot_available', value,
    timestamp: new Date(Date.parse(input.asOf) + minutesAfter * 60_000).toISOString(),
  }
}

describe('ModelLifecycle with the committed model', () => {
  let promoted: TsmixerForecaster
  let copy: TsmixerForecaster
  const stateDir = mkdtempSync(join(tmpdir(), 'aether-lifecycle-'))
  beforeAll(async () => {
    promoted = await TsmixerForecaster.create(config, createLogger({ level: 'silent' }))
    copy = await TsmixerForecaster.create(config, createLogger({ level: 'silent' }))
  })
  afterAll(async () => {
    await promoted.close()
    await copy.close()
    rmSync(stateDir, { recursive: true, force: true })
  })

  it('answers the tenants whose hashed bucket falls in the canary share with the challenger, all others with the promoted version', async () => {
    const versions = [{ version: 'tsmixer@2', stage: 'promoted' }, { version: 'tsmixer@2-copy', stage: 'challenger', canaryShare: 0.25 }]
    const lifecycle = ModelLifecycle.create({ versions }, { forecasters: { 'tsmixer@2': promoted, 'tsmixer@2-copy': copy }, logger: createLogger({ level: 'silent' }) })
    const tenants = Array.from({ length: 40 }, (_, index) => `tenant-${index}`)
    const answeredBy = new Map<string, string>()
    for (const tenant of tenants) {
      const [result] = await lifecycle.forecastBatch([steady], contextFor(tenant))
      if (result?.isOk !== true) throw new Error('expected a forecast')
      answeredBy.set(tenant, result.value.model)
      expect(result.value.features['lifecycle:canary'] === 1).toBe(result.value.model === 'tsmixer@2-copy')
    }
    const canary = tenants.filter((tenant) => answeredBy.get(tenant) === 'tsmixer@2-copy')
    expect(canary).toEqual(tenants.filter((tenant) => canaryBucket(tenant) < 0.25))
    expect(canary.length).toBeGreaterThan(4)
    expect(canary.length).toBeLessThan(16)
    expect(tenants.filter((tenant) => answeredBy.get(tenant) === 'tsmixer@2')).toHaveLength(40 - canary.length)
  })

  it('keeps a tenant on the same version across lifecycles (a restart): the bucket is a hash, not a draw', () => {
    const versions = [{ version: 'tsmixer@2', stage: 'promoted' }, { version: 'tsmixer@2-copy', stage: 'challenger', canaryShare: 0.5 }]
    const deps = { forecasters: { 'tsmixer@2': promoted, 'tsmixer@2-copy': copy }, logger: createLogger({ level: 'silent' }) }
    const first = ModelLifecycle.create({ versions }, deps)
    const second = ModelLifecycle.create({ versions }, deps)
    const tenants = Array.from({ length: 200 }, (_, index) => `tenant-${index}`)
    expect(tenants.map((tenant) => second.versionFor(tenant))).toEqual(tenants.map((tenant) => first.versionFor(tenant)))
    expect(canaryBucket('tenant-0')).toBe(canaryBucket('tenant-0'))
  })

  it('runs a shadow on every batch and records its probability, but never lets it answer', async () => {
    const versions = [{ version: 'tsmixer@2', stage: 'promoted' }, { version: 'tsmixer@2-inverted', stage: 'shadow' }]
    const lifecycle = ModelLifecycle.create({ versions }, { forecasters: { 'tsmixer@2': promoted, 'tsmixer@2-inverted': new InvertedForecaster(copy) }, logger: createLogger({ level: 'silent' }) })
    for (const tenant of ['a', 'b', 'c', 'd', 'e', 'f']) {
      const results = await lifecycle.forecastBatch([steady, losing], contextFor(tenant))
      for (const result of results) {
        if (!result.isOk) throw new Error('expected a forecast')
        expect(result.value.model).toBe('tsmixer@2')
        expect(result.value.features['shadow:tsmixer@2-inverted']).toBeCloseTo(1 - result.value.probability, 5)
      }
    }
    expect(lifecycle.scores().find((score) => score.version === 'tsmixer@2-inverted')?.batches).toBe(6)
  })

  it('rolls a slow challenger back once its p99 latency crosses the threshold, with the reason logged, counted, saved across a restart, and its tenants back on the promoted version', async () => {
    const { lines, logger, registry, metrics } = captured()
    const versions = [{ version: 'tsmixer@2', stage: 'promoted' }, { version: 'tsmixer@2-slowed', stage: 'challenger', canaryShare: 1 }]
    const stateFile = join(stateDir, 'slowed.json')
    const settings = { versions, maxP99LatencyMs: 40, minBatches: 3 }
    const forecasters = { 'tsmixer@2': promoted, 'tsmixer@2-slowed': new SlowedForecaster(copy, 80) }
    const lifecycle = ModelLifecycle.create(settings, { forecasters, logger, metrics })
    await lifecycle.attach(lifecycleStateFile(stateFile))
    const models: string[] = []
    for (let batch = 0; batch < 4; batch++) {
      const [result] = await lifecycle.forecastBatch([steady], contextFor('tenant-0'))
      if (result?.isOk !== true) throw new Error('expected a forecast')
      models.push(result.value.model)
    }
    expect(models).toEqual(['tsmixer@2-slowed', 'tsmixer@2-slowed', 'tsmixer@2', 'tsmixer@2'])
    expect(lifecycle.versions.find((entry) => entry.version === 'tsmixer@2-slowed')?.stage).toBe('rolled-back')
    expect(lifecycle.events).toMatchObject([{ version: 'tsmixer@2-slowed', from: 'challenger', to: 'rolled-back', reason: 'latency' }])
    expect(lines.find((line) => line.reason === 'latency')).toMatchObject({ level: 40, version: 'tsmixer@2-slowed', to: 'rolled-back' })
    const text = await registry.metrics()
    expect(text).toContain('aether_forecaster_version_rollbacks_total{version="tsmixer@2-slowed",reason="latency"} 1')
    expect(text).toContain('aether_forecaster_version_stage{version="tsmixer@2-slowed",stage="rolled-back"} 1')
    expect(text).toContain('aether_forecaster_version_stage{version="tsmixer@2-slowed",stage="challenger"} 0')
    expect(text).toMatch(/aether_forecaster_version_latency_p99_ms\{version="tsmixer@2-slowed"\} (\d+)/)
    // A restart with the same configuration keeps the rollback: the state file wins over the configured stage.
    await lifecycle.settled()
    const restarted = ModelLifecycle.create(settings, { forecasters, logger })
    await restarted.attach(lifecycleStateFile(stateFile))
    expect(restarted.versions.map((entry) => entry.stage)).toEqual(['promoted', 'rolled-back'])
    expect(restarted.events).toEqual(lifecycle.events)
    expect(restarted.versionFor('tenant-0')).toBe('tsmixer@2')
  })

  describe('scored on measured outcomes', () => {
    // The held-out windows of a measured trace (10 min ticks, one a tick): each becomes a forecast
    // for its own pool, and the trace's next 7 ticks are that pool's later telemetry.
    const trace = parseSpotTrace(readFileSync(traceFile, 'utf8'))
    const windows = labelledWindows(trace, 0, ['test'])
    const inputs = windows.map((window) => ({
      ...forecastInputOf(evenTicks(trace.available.slice(window.endTick - 31, window.endTick + 1), trace.gapSeconds)),
      pool: `window-${window.endTick}`,
    }))
    const outcomes = inputs.flatMap((input, index) => Array.from({ length: 7 }, (_, ahead) =>
      laterTick(input, ((ahead + 1) * trace.gapSeconds) / 60, trace.available[(windows[index]?.endTick as number) + ahead + 1] as number)))

    async function scoredLifecycle(challenger: 'tsmixer@2-inverted' | 'tsmixer@2-copy') {
      const capture = captured()
      const forecasters = { 'tsmixer@2': promoted, [challenger]: challenger === 'tsmixer@2-copy' ? copy : new InvertedForecaster(copy) }
      const versions = [{ version: 'tsmixer@2', stage: 'promoted' }, { version: challenger, stage: 'challenger', canaryShare: 0.5 }]
      const lifecycle = ModelLifecycle.create({ versions, windowSize: 1000, minOutcomes: 40, brierMargin: 0.05 }, { forecasters, logger: capture.logger, metrics: capture.metrics })
      const results = await lifecycle.forecastBatch(inputs, contextFor('tenant-1'))
      return { lifecycle, results, ...capture }
    }

    it('labels each forecast from the later telemetry exactly as training labels the trace', async () => {
      const { lifecycle, results } = await scoredLifecycle('tsmixer@2-copy')
      lifecycle.observeTelemetry(outcomes)
      const probabilities = results.map((result) => (result.isOk ? result.value.probability : Number.NaN))
      expect(lifecycle.pendingOutcomes).toBe(0)
      expect(lifecycle.scores()[0]?.brier).toBeCloseTo(brierScore(probabilities, windows.map((window) => window.label)), 12)
      expect(new Set(windows.map((window) => window.label))).toEqual(new Set([0, 1]))
    })

    it('waits for the horizon: no outcome, no score and no verdict before the pool\'s later telemetry arrives', async () => {
      const { lifecycle } = await scoredLifecycle('tsmixer@2-inverted')
      expect(lifecycle.pendingOutcomes).toBe(windows.length)
      // One tick within the horizon showing capacity settles nothing: a loss may still come.
      lifecycle.observeTelemetry(inputs.map((input) => laterTick(input, 10, 1)))
      expect(lifecycle.pendingOutcomes).toBe(windows.length)
      expect(lifecycle.scores().map((score) => score.outcomes)).toEqual([0, 0])
      expect(lifecycle.events).toEqual([])
    })

    it('rolls back a challenger whose live Brier score exceeds the promoted version\'s by the margin, and says by how much', async () => {
      const { lifecycle, lines, registry } = await scoredLifecycle('tsmixer@2-inverted')
      lifecycle.observeTelemetry(outcomes)
      const [mine, theirs] = lifecycle.scores()
      expect(mine?.outcomes).toBe(windows.length)
      expect(theirs?.outcomes).toBe(windows.length)
      expect(theirs?.brier).toBeGreaterThan((mine?.brier ?? 1) + 0.05)
      expect(theirs?.logLoss).toBeGreaterThan(mine?.logLoss ?? Infinity)
      expect(lifecycle.events).toMatchObject([{ version: 'tsmixer@2-inverted', to: 'rolled-back', reason: 'error' }])
      expect(lifecycle.events[0]?.detail).toContain(`${theirs?.brier.toFixed(4)} over ${windows.length} outcomes exceeds tsmixer@2's ${mine?.brier.toFixed(4)}`)
      expect(lines.some((line) => line.reason === 'error' && line.level === 40)).toBe(true)
      const text = await registry.metrics()
      expect(text).toContain('aether_forecaster_version_rollbacks_total{version="tsmixer@2-inverted",reason="error"} 1')
      expect(text).toContain(`aether_forecaster_version_brier{version="tsmixer@2"} ${mine?.brier}`)
      expect(text).toContain(`aether_forecaster_version_outcomes{version="tsmixer@2-inverted"} ${windows.length}`)
    })

    it('keeps a challenger that scores as well as the promoted version, until the operator promotes it', async () => {
      const { lifecycle } = await scoredLifecycle('tsmixer@2-copy')
      lifecycle.observeTelemetry(outcomes)
      const [mine, theirs] = lifecycle.scores()
      expect(theirs?.brier).toBe(mine?.brier)
      expect(lifecycle.events).toEqual([])
      await lifecycle.promote('tsmixer@2-copy')
      expect(lifecycle.versions.map((entry) => [entry.version, entry.stage])).toEqual([['tsmixer@2', 'retired'], ['tsmixer@2-copy', 'promoted']])
      expect(lifecycle.versionFor('tenant-1')).toBe('tsmixer@2-copy')
    })
  })
})

describe('the tsmixer plugin with a lifecycle configured', () => {
  it('provides the lifecycle as the tsmixer forecaster, reports stages on the kernel\'s metrics and scores forecasts from the telemetry of later batches', async () => {
    const lifecycle = { versions: [{ version: 'tsmixer@2', stage: 'promoted' }, { version: 'tsmixer@2-copy', stage: 'challenger', canaryShare: 0.5 }] }
    const kernel = createKernel({ config: { log: { level: 'silent' } }, plugins: [{ plugin, config: { lifecycle } }] })
    await kernel.start()
    try {
      const forecaster = kernel.resolve(forecasterPoint, 'tsmixer')
      expect(forecaster).toBeInstanceOf(ModelLifecycle)
      const canaryTenant = Array.from({ length: 20 }, (_, index) => `tenant-${index}`).find((tenant) => canaryBucket(tenant) < 0.5) as string
      const ticks = evenTicks(Array(40).fill(1), 600)
      const earlier = forecastInputOf(ticks.slice(0, 32))
      const [first] = await forecaster.forecastBatch([earlier], contextFor(canaryTenant))
      expect(first).toMatchObject({ isOk: true, value: { model: 'tsmixer@2-copy', features: { 'lifecycle:canary': 1 } } })
      // 8 more ticks of 10 minutes: the earlier forecast's whole hour is now seen, with capacity throughout.
      await forecaster.forecastBatch([forecastInputOf(ticks)], contextFor(canaryTenant))
      const scores = (forecaster as ModelLifecycle).scores()
      expect(scores.map((score) => score.outcomes)).toEqual([1, 1])
      expect(scores[0]?.brier).toBeCloseTo(((first?.isOk === true ? first.value.probability : 1) - 0) ** 2, 12)
      const text = await kernel.metrics.registry.metrics()
      expect(text).toContain('aether_forecaster_version_stage{version="tsmixer@2-copy",stage="challenger"} 1')
      expect(text).toContain('aether_forecaster_version_outcomes{version="tsmixer@2"} 1')
    } finally {
      await kernel.stop()
    }
  })
})
