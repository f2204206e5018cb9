import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { readBacktestData, signalsFor } from '../../src/backtest/backtest-data.js'
import { averagePrecision, brierScore } from '../../src/metrics.js'
import { cardPathOf, type ModelCard } from '../../src/model-card.js'
import { OnnxModel } from '../../src/onnx-model.js'
import { signalChannels } from '../../src/signal-channels.js'
import { labelledWindows } from '../../src/trace-windows.js'
import { bundledModel } from '../../src/tsmixer-forecaster.js'
import { channelCount, windowTicks } from '../../src/window-features.js'

// The vendored training data (never ../shared): the test period is the last 20 % of each trace;
// its incidents are read and enriched by the product's TypeScript, as the pipeline does.
const dataDir = fileURLToPath(new URL('../../../../training/forecaster/data', import.meta.url))
const card = JSON.parse(readFileSync(cardPathOf(bundledModel), 'utf8')) as ModelCard
  & { data: Array<{ trace: string; start: string }>; signals: { windowsWithSignals: { test: number } } }

describe('the committed TSMixer model', () => {
  it('reproduces its model card\'s held-out test metrics from the vendored traces and incidents', async () => {
    const starts = new Map(card.data.map((d) => [d.trace, Date.parse(d.start)]))
    const data = await readBacktestData(dataDir)
    const windows = data.traces.flatMap((item) => {
      const start = starts.get(item.path)
      if (start === undefined) throw new Error(`${item.path} is not in the model card's data`)
      const signals = signalsFor(data, item.zone)
      return labelledWindows(item.trace, start, ['test'], (ms) => signalChannels(signals, ms))
    })
    expect(windows.length).toBe(card.test.tsmixer.windows)
    // The signal channels are live in the test period, so the metric covers them.
    expect(windows.filter((w) => w.features.some((v, i) => i % channelCount >= 4 && v > 0)).length).toBe(card.signals.windowsWithSignals.test)
    const model = await OnnxModel.load(bundledModel, card.input, card.output)
    const packed = new Float32Array(windows.length * windowTicks * channelCount)
    windows.forEach((w, i) => packed.set(w.features, i * windowTicks * channelCount))
    const probabilities = await model.run(packed, windows.length, [windowTicks, channelCount])
    await model.close()
    const labels = windows.map((w) => w.label)
    expect(labels.reduce((a, b) => a + b, 0)).toBe(card.test.tsmixer.positives)
    expect(averagePrecision(probabilities, labels)).toBeCloseTo(card.test.tsmixer.aucPr, 3)
    expect(brierScore(probabilities, labels)).toBeCloseTo(card.test.tsmixer.brier, 4)
  })

  it('gives in onnxruntime-node the probabilities torch gave on the fixture windows', async () => {
    const fixture = JSON.parse(readFileSync(new URL('../../src/fixtures/python-features.json', import.meta.url), 'utf8')) as
      { cases: Array<{ features: number[][]; probability: number }> }
    const model = await OnnxModel.load(bundledModel, card.input, card.output)
    const packed = new Float32Array(fixture.cases.flatMap((c) => c.features.flat()))
    const probabilities = await model.run(packed, fixture.cases.length, [windowTicks, channelCount])
    await model.close()
    fixture.cases.forEach((c, i) => expect(probabilities[i]).toBeCloseTo(c.probability, 5))
  })
})
