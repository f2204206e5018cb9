import { noSignals, type SignalChannels } from './signal-channels.js'
import { windowFeatures, windowTicks, type Tick } from './window-features.js'

/** A measured spot trace as the spot-traces repository stores it, one value per tick. */
export interface SpotTrace {
  gapSeconds: number
  available: number[]
  /** Spot price per tick; shorter than `available` (or empty) when the trace has fewer prices. */
  prices: number[]
}

/** Which part of a trace's time a window belongs to (training's split; docs/forecasting.md). */
export type TracePart = 'train' | 'validation' | 'test'

export interface LabelledWindow {
  endTick: number
  part: TracePart
  features: Float64Array
  /** 1 when the pool has no instance available at some tick within the horizon. */
  label: number
  availableNow: boolean
}

export const labelHorizonMinutes = 60
const strideMinutes = 10
const trainEnd = 0.7
const testStart = 0.8

/** Parses a spot-traces file (`{"metadata": {"gap_seconds"}, "data", "prices"?}`). */
export function parseSpotTrace(text: string): SpotTrace {
  const raw = JSON.parse(text) as { metadata?: { gap_seconds?: unknown }; data?: unknown; prices?: unknown }
  const gapSeconds = raw.metadata?.gap_seconds
  if (typeof gapSeconds !== 'number' || gapSeconds <= 0 || !Array.isArray(raw.data)) throw new TypeError('expected {"metadata": {"gap_seconds": N}, "data": [...]}')
  return { gapSeconds, available: raw.data.map(Number), prices: Array.isArray(raw.prices) ? raw.prices.map(Number) : [] }
}

/** Ticks ahead the label looks: the horizon rounded up to whole ticks. */
export function horizonTicks(gapSeconds: number): number {
  return Math.ceil((labelHorizonMinutes * 60) / gapSeconds)
}

/** The part of a window ending at `endTick`, or undefined when its label would cross a boundary. */
export function partOf(endTick: number, ticks: number, gapSeconds: number): TracePart | undefined {
  const trainEndTick = Math.floor(trainEnd * ticks)
  const testStartTick = Math.floor(testStart * ticks)
  const h = horizonTicks(gapSeconds)
  if (endTick + h < trainEndTick) return 'train'
  if (endTick >= trainEndTick && endTick + h < testStartTick) return 'validation'
  if (endTick >= testStartTick) return 'test'
  return undefined
}

/**
 * The windows training builds from one trace (one every 10 minutes of trace time, full windows
 * only), with their labels. `signalsAt` gives the signal channels at a time (0 without signals).
 */
export function labelledWindows(trace: SpotTrace, startMs: number, parts: readonly TracePart[], signalsAt: (ms: number) => SignalChannels = () => noSignals): LabelledWindow[] {
  const ticks = trace.available.length
  const h = horizonTicks(trace.gapSeconds)
  const step = Math.max(1, roundHalfEven((strideMinutes * 60) / trace.gapSeconds))
  const gapMs = trace.gapSeconds * 1000
  const windows: LabelledWindow[] = []
  for (let end = windowTicks - 1; end < ticks - h; end += step) {
    const part = partOf(end, ticks, trace.gapSeconds)
    if (part === undefined || !parts.includes(part)) continue
    const window: Tick[] = []
    for (let tick = end - windowTicks + 1; tick <= end; tick++) {
      window.push({ timeMs: startMs + tick * gapMs, available: trace.available[tick] as number, price: trace.prices[tick] })
    }
    let label = 0
    for (let tick = end + 1; tick <= end + h; tick++) if ((trace.available[tick] as number) <= 0) label = 1
    windows.push({ endTick: end, part, features: windowFeatures(window, signalsAt(startMs + end * gapMs)), label, availableNow: (trace.available[end] as number) > 0 })
  }
  return windows
}

// Python's round() rounds halves to even; the stride must match training's exactly.
function roundHalfEven(value: number): number {
  const floor = Math.floor(value)
  const fraction = value - floor
  if (fraction !== 0.5) return Math.round(value)
  return floor % 2 === 0 ? floor : floor + 1
}
