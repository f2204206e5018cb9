import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { averagePrecision, brierScore } from '../../src/metrics.js'
import { cardPathOf, type ModelCard } from '../../src/model-card.js'
import { OnnxModel } from '../../src/onnx-model.js'
import { labelledWindows, parseSpotTrace } from '../../src/trace-windows.js'
import { bundledModel } from '../../src/tsmixer-forecaster.js'
import { channelCount, windowTicks } from '../../src/window-features.js'

// The vendored training data (never ../shared): the test period is the last 20 % of each trace.
const tracesDir = fileURLToPath(new URL('../../../../training/forecaster/data/spot-traces', import.meta.url))
const card = JSON.parse(readFileSync(cardPathOf(bundledModel), 'utf8')) as ModelCard & { data: Array<{ trace: string; start: string }> }

function traceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    return entry.isDirectory() ? traceFiles(path) : entry.name.endsWith('.json') ? [path] : []
  })
}

describe('the committed TSMixer model', () => {
  it('reproduces its model card\'s held-out test metrics from the vendored traces', async () => {
    const starts = new Map(card.data.map((d) => [d.trace, Date.parse(d.start)]))
    const windows = traceFiles(tracesDir).sort().flatMap((file) => {
      const start = starts.get(relative(tracesDir, file).split('\\').join('/'))
      if (start === undefined) throw new Error(`${file} is not in the model card's data`)
      return labelledWindows(parseSpotTrace(readFileSync(file, 'utf8')), start, ['test'])
    })
    expect(windows.length).toBe(card.test.tsmixer.windows)
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
