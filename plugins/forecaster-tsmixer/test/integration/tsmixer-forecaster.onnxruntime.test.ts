import { copyFile, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger, type ForecastInput } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { cardPathOf } from '../../src/model-card.js'
import { evenTicks, forecastInputOf } from '../test-inputs.js'
import { bundledModel, TsmixerForecaster } from '../../src/tsmixer-forecaster.js'

// Runs the committed ONNX model in the real onnxruntime-node (its bundled CPU binaries).
const logger = createLogger({ level: 'silent' })
const context = { tenant: 't', traceId: 'test', logger, signal: new AbortController().signal }
const config = { timeoutMs: 2000, minTicks: 16, signalHalfLifeHours: 6 }
const prices = (index: number) => 0.9 + 0.01 * (index % 3)

const steady = forecastInputOf(evenTicks(Array(40).fill(1), 32, prices))
const losing = forecastInputOf(evenTicks([...Array(30).fill(1), 0, 0, 0, 0, 0, 0, 0, 0, 0, 0], 32, prices))

async function answer(forecaster: TsmixerForecaster, input: ForecastInput) {
  const [result] = await forecaster.forecastBatch([input], context)
  if (result?.isOk !== true) throw new Error('expected a forecast')
  return result.value
}

describe('TsmixerForecaster with the committed model', () => {
  let forecaster: TsmixerForecaster
  beforeAll(async () => { forecaster = await TsmixerForecaster.create(config, logger) })
  afterAll(async () => { await forecaster.close() })

  it('answers in-distribution windows itself and records its version and the gate it passed', async () => {
    const forecast = await answer(forecaster, steady)
    expect(forecast).toMatchObject({ model: 'tsmixer@2', horizonMinutes: 60, features: { 'gate:passed': 1, windowTicks: 32 } })
    expect(forecast.features.heuristicProbability).toBeGreaterThan(0)
  })

  it('rates a pool that just lost its capacity above one that kept it', async () => {
    expect((await answer(forecaster, losing)).probability).toBeGreaterThan((await answer(forecaster, steady)).probability)
  })

  it('runs a batch in one call, one result per input in order, errors kept per item', async () => {
    const results = await forecaster.forecastBatch([steady, forecastInputOf([]), losing], context)
    expect(results.map((r) => r.isOk)).toEqual([true, false, true])
    expect(results.map((r) => (r.isOk ? r.value.model : undefined))).toEqual(['tsmixer@2', undefined, 'tsmixer@2'])
  })

  // As the lexicon enricher rates the vendored Google `global` incidents: bad news, nothing about capacity.
  const outageNews = { vNews: { sentiment: -0.462, volatilityLikelihood: 0.5 }, bCapacity: 0, model: 'keyword-lexicon@1' }
  const hoursBefore = (hours: number) => new Date(Date.parse(steady.asOf) - hours * 3_600_000).toISOString()

  it('answers a window with a recent enriched incident itself: training had such windows', async () => {
    const input = forecastInputOf(evenTicks(Array(40).fill(1), 32, prices), [{ timestamp: hoursBefore(2), severity: 'medium', enrichment: outageNews }])
    const forecast = await answer(forecaster, input)
    expect(forecast).toMatchObject({ model: 'tsmixer@2', features: { 'gate:passed': 1 } })
    expect(forecast.features.driftMaxZ).toBeGreaterThan(4)
  })

  it('leaves a window whose signals speak of capacity to the heuristic: no training signal did (B_capacity 0 throughout)', async () => {
    const input = forecastInputOf(evenTicks(Array(40).fill(1), 32, prices), [{ timestamp: hoursBefore(2), severity: 'medium', enrichment: { ...outageNews, bCapacity: 0.7 } }])
    expect(await answer(forecaster, input)).toMatchObject({
      model: 'heuristic-baseline@1', features: { 'gate:out-of-distribution': 1, 'drift:capacityScore': 1 },
    })
  })

  it('leaves a burst of incidents beyond any seen in training to the heuristic', async () => {
    const burst = [0, 1, 2, 3].map((hours) => ({ timestamp: hoursBefore(hours), severity: 'high' as const, enrichment: outageNews }))
    expect(await answer(forecaster, forecastInputOf(evenTicks(Array(40).fill(1), 32, prices), burst))).toMatchObject({
      model: 'heuristic-baseline@1', features: { 'gate:out-of-distribution': 1, 'drift:incidentScore': 1 },
    })
  })

  it('leaves a window on an unseen time scale (a tick a day) to the heuristic', async () => {
    expect(await answer(forecaster, forecastInputOf(evenTicks(Array(40).fill(1), 86_400)))).toMatchObject({
      model: 'heuristic-baseline@1', features: { 'gate:out-of-distribution': 1, 'drift:logGapMinutes': 1 },
    })
  })

  it('leaves a short window to the heuristic instead of guessing from padding', async () => {
    expect(await answer(forecaster, forecastInputOf(evenTicks([1, 1, 1, 1, 1])))).toMatchObject({
      model: 'heuristic-baseline@1', features: { 'gate:short-window': 1, windowTicks: 5 },
    })
  })

  it('leaves a batch to the heuristic when inference is over its time budget', async () => {
    const impatient = await TsmixerForecaster.create({ ...config, timeoutMs: 0 }, logger)
    expect(await answer(impatient, steady)).toMatchObject({ model: 'heuristic-baseline@1', features: { 'gate:too-slow': 1 } })
    await impatient.close()
  })
})

describe('TsmixerForecaster without a usable model', () => {
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aether-tsmixer-')) })
  afterAll(async () => { await rm(dir, { recursive: true, force: true }) })

  it('answers with the heuristic when the model file is missing, and says so', async () => {
    const forecaster = await TsmixerForecaster.create({ ...config, model: join(dir, 'absent.onnx') }, logger)
    expect(forecaster.card).toBeUndefined()
    expect(await answer(forecaster, steady)).toMatchObject({ model: 'heuristic-baseline@1', features: { 'gate:model-missing': 1 } })
  })

  it('answers with the heuristic when the model file is not a model', async () => {
    const model = join(dir, 'broken.onnx')
    await writeFile(model, 'not an onnx graph')
    await copyFile(cardPathOf(bundledModel), cardPathOf(model))
    const forecaster = await TsmixerForecaster.create({ ...config, model }, logger)
    expect(await answer(forecaster, steady)).toMatchObject({ model: 'heuristic-baseline@1', features: { 'gate:model-failed': 1 } })
  })

  it('answers with the heuristic when inference itself fails', async () => {
    const model = join(dir, 'wrong-input.onnx')
    await copyFile(bundledModel, model)
    const card = JSON.parse(await readFile(cardPathOf(bundledModel), 'utf8')) as Record<string, unknown>
    await writeFile(cardPathOf(model), JSON.stringify({ ...card, input: 'no-such-input' }))
    const forecaster = await TsmixerForecaster.create({ ...config, model }, logger)
    expect(forecaster.card?.model).toBe('tsmixer@2')
    expect(await answer(forecaster, steady)).toMatchObject({ model: 'heuristic-baseline@1', features: { 'gate:model-failed': 1 } })
    await forecaster.close()
  })
})
