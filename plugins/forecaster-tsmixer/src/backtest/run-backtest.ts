import { existsSync, readFileSync } from 'node:fs'
import { probability as heuristicProbability } from '@aether/plugin-forecaster'
import { driftCheck } from '../drift-check.js'
import { cardPathOf, type ModelCard } from '../model-card.js'
import { OnnxModel } from '../onnx-model.js'
import { horizonTicks, labelledWindows, type LabelledWindow } from '../trace-windows.js'
import { bundledModel } from '../tsmixer-forecaster.js'
import { signalChannels } from '../signal-channels.js'
import { channelCount, windowTicks } from '../window-features.js'
import { readBacktestData, signalsFor } from './backtest-data.js'
import { bootstrap, calibration, decisionCost, decisionCosts, scoreFunctions, type CalibrationBin, type WithInterval } from './scores.js'

export interface BacktestOptions {
  data: string
  model?: string
  resamples?: number
  onProgress?: (done: number, total: number, label: string) => void
}

export interface ModelScores {
  aucPr: WithInterval
  brier: WithInterval
  decisionCost: WithInterval
  onsetAucPr: WithInterval
  calibration: { bins: CalibrationBin[]; expectedError: number }
  leadTime: { losses: number; warned: number; medianMinutes: number | null }
}

export interface BacktestReport {
  data: string
  folders: { present: string[]; used: string[] }
  method: string
  traces: number
  windows: { fit: number; test: number; positives: number; onset: number }
  model: string | null
  /** Test windows the TSMixer left to the heuristic (drift check). */
  fallbackWindows: number
  costs: typeof decisionCosts
  resamples: number
  results: Record<string, ModelScores>
}

interface Scored {
  trace: number
  window: LabelledWindow
}

/**
 * Walks each trace forward in time: the first 70 % fits what needs fitting (persistence's rates;
 * the TSMixer is the committed model, trained on that part of the vendored traces), the final
 * 20 % is held out and scored, the same windows for every forecaster.
 */
export async function runBacktest(options: BacktestOptions): Promise<BacktestReport> {
  const data = await readBacktestData(options.data)
  const resamples = options.resamples ?? 200
  const fit: LabelledWindow[] = []
  const test: Scored[] = []
  const total = data.traces.length + 2
  data.traces.forEach((item, index) => {
    const signals = signalsFor(data, item.zone)
    const windows = labelledWindows(item.trace, item.startMs, ['train', 'test'], (ms) => signalChannels(signals, ms))
    for (const window of windows) {
      if (window.part === 'train') fit.push(window)
      else test.push({ trace: index, window })
    }
    options.onProgress?.(index + 1, total, item.path)
  })
  const labels = Float64Array.from(test, (s) => s.window.label)
  const heuristic = Float64Array.from(test, (s) => heuristicOf(s.window.features))
  const persistence = persistenceOf(fit, test)
  const forecasts: Record<string, Float64Array> = {}
  const modelPath = options.model ?? bundledModel
  let model: string | null = null
  let fallbackWindows = 0
  if (existsSync(modelPath) && existsSync(cardPathOf(modelPath))) {
    const card = JSON.parse(readFileSync(cardPathOf(modelPath), 'utf8')) as ModelCard
    const onnx = await OnnxModel.load(modelPath, card.input, card.output)
    const packed = new Float32Array(test.length * windowTicks * channelCount)
    test.forEach((s, i) => packed.set(s.window.features, i * windowTicks * channelCount))
    const raw = test.length === 0 ? new Float32Array(0) : await onnx.run(packed, test.length, [windowTicks, channelCount])
    await onnx.close()
    // As served: a window the drift check refuses is answered by the heuristic.
    forecasts[`${card.model} (gated)`] = Float64Array.from(test, (s, i) => {
      if (driftCheck(s.window.features, card.channels).inDistribution) return raw[i] as number
      fallbackWindows++
      return heuristic[i] as number
    })
    model = card.model
  }
  options.onProgress?.(data.traces.length + 1, total, 'forecasts')
  forecasts['heuristic-baseline@1'] = heuristic
  forecasts.persistence = persistence
  const onset = test.map((s) => s.window.availableNow)
  const results: Record<string, ModelScores> = {}
  for (const [name, p] of Object.entries(forecasts)) {
    const onsetP = p.filter((_, i) => onset[i])
    const onsetY = labels.filter((_, i) => onset[i])
    results[name] = {
      aucPr: bootstrap(scoreFunctions.aucPr, p, labels, resamples, 1),
      brier: bootstrap(scoreFunctions.brier, p, labels, resamples, 2),
      decisionCost: bootstrap(decisionCost, p, labels, resamples, 3),
      onsetAucPr: bootstrap(scoreFunctions.aucPr, onsetP, onsetY, resamples, 4),
      calibration: calibration(p, labels),
      leadTime: leadTime(data.traces.map((t) => t.trace), test, p),
    }
  }
  options.onProgress?.(total, total, 'scores')
  return {
    data: options.data,
    folders: data.folders,
    method: 'per trace by time: fit on windows whose label ends before 70 % of the ticks, score the held-out final 20 %; one window every 10 minutes',
    traces: data.traces.length,
    windows: { fit: fit.length, test: test.length, positives: labels.reduce((a, b) => a + b, 0), onset: onset.filter(Boolean).length },
    model,
    fallbackWindows,
    costs: decisionCosts,
    resamples,
    results,
  }
}

/** heuristic-baseline@1 on the same window (no on-demand price in the traces). */
function heuristicOf(features: Float64Array): number {
  let available = 0
  for (let t = 0; t < windowTicks; t++) available += features[t * channelCount] as number
  const last = (windowTicks - 1) * channelCount
  return heuristicProbability({
    samples: windowTicks, unavailableShare: 1 - available / windowTicks, priceZ: features[last + 2] as number,
    spotToOnDemand: 0, signals: 0, incidentScore: features[last + 4] as number,
  })
}

/** P(label) in the fit part given whether the pool has capacity now. */
function persistenceOf(fit: LabelledWindow[], test: Scored[]): Float64Array {
  const rate = (now: boolean) => {
    const part = fit.filter((w) => w.availableNow === now)
    return part.length === 0 ? 0.5 : part.reduce((sum, w) => sum + w.label, 0) / part.length
  }
  const [availableRate, unavailableRate] = [rate(true), rate(false)]
  return Float64Array.from(test, (s) => (s.window.availableNow ? availableRate : unavailableRate))
}

/**
 * For every loss of capacity in the scored period (a tick with capacity followed by one without),
 * how long before it the first warning (p ≥ threshold, pool still with capacity) came, within the horizon.
 */
function leadTime(traces: Array<{ gapSeconds: number; available: number[] }>, test: Scored[], p: Float64Array): ModelScores['leadTime'] {
  const byTrace = new Map<number, Array<{ end: number; warned: boolean; now: boolean }>>()
  test.forEach((s, i) => {
    const list = byTrace.get(s.trace) ?? []
    list.push({ end: s.window.endTick, warned: (p[i] as number) >= decisionCosts.threshold, now: s.window.availableNow })
    byTrace.set(s.trace, list)
  })
  let losses = 0
  const leads: number[] = []
  for (const [index, windows] of byTrace) {
    const trace = traces[index] as { gapSeconds: number; available: number[] }
    const h = horizonTicks(trace.gapSeconds)
    const first = windows[0]?.end ?? 0
    const last = windows.at(-1)?.end ?? 0
    for (let e = first + 1; e <= last + h && e < trace.available.length; e++) {
      if (!((trace.available[e - 1] as number) > 0 && (trace.available[e] as number) <= 0)) continue
      losses++
      const warnings = windows.filter((w) => w.now && w.warned && w.end < e && w.end >= e - h)
      if (warnings.length > 0) leads.push(((e - Math.min(...warnings.map((w) => w.end))) * trace.gapSeconds) / 60)
    }
  }
  leads.sort((a, b) => a - b)
  return { losses, warned: leads.length, medianMinutes: leads.length === 0 ? null : round((leads[Math.floor(leads.length / 2)] as number)) }
}

function round(value: number): number {
  return Math.round(value * 10) / 10
}
