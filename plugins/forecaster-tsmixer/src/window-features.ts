import type { ForecastInput } from '@aether/plugin-api'
import { scoredSignals, signalChannels, type SignalChannels } from './signal-channels.js'

/**
 * Features `spot-window@2`, as training/forecaster/aether_training/features.py computes them
 * (docs/forecasting.md defines them). A test checks both agree on a fixture the training writes.
 */
export const featuresVersion = 'spot-window@2'
export const windowTicks = 32
export const channels = ['available', 'logGapMinutes', 'priceZ', 'hasPrice', 'incidentScore', 'capacityScore', 'negativeNewsScore'] as const
export const channelCount = channels.length

/** One `spot_available` sample and the spot price recorded at the same time, if any. */
export interface Tick {
  timeMs: number
  available: number
  price: number | undefined
}

const priceZLimit = 4

/** The pool's ticks in the input, oldest first, each with the price sampled at its timestamp. */
export function ticksOf(input: ForecastInput): Tick[] {
  const prices = new Map<string, number>()
  for (const sample of input.telemetry) {
    if (sample.metric === 'spot_price_usd_hour') prices.set(sample.timestamp, sample.value)
  }
  const ticks: Tick[] = []
  for (const sample of input.telemetry) {
    if (sample.metric === 'spot_available') ticks.push({ timeMs: Date.parse(sample.timestamp), available: sample.value, price: prices.get(sample.timestamp) })
  }
  return ticks
}

/** The (windowTicks × channelCount) matrix, row-major, from the last ticks; fewer are left-padded. */
export function windowFeatures(allTicks: readonly Tick[], signals: SignalChannels): Float64Array {
  const ticks = allTicks.slice(-windowTicks)
  const count = ticks.length
  const rows = new Float64Array(count * channelCount)
  const known = ticks.flatMap((tick) => (tick.price === undefined ? [] : [tick.price]))
  let mean = 0
  let deviation = 0
  // All-equal prices give 0 exactly, whatever last bits the mean's summation order leaves.
  if (known.length >= 3 && Math.max(...known) > Math.min(...known)) {
    mean = known.reduce((sum, price) => sum + price, 0) / known.length
    deviation = Math.sqrt(known.reduce((sum, price) => sum + (price - mean) ** 2, 0) / known.length)
  }
  for (let i = 0; i < count; i++) {
    const tick = ticks[i] as Tick
    const gapFrom = i === 0 ? 1 : i
    const gapMinutes = count > 1 ? ((ticks[gapFrom] as Tick).timeMs - (ticks[gapFrom - 1] as Tick).timeMs) / 60_000 : 0
    const row = i * channelCount
    rows[row] = tick.available > 0 ? 1 : 0
    rows[row + 1] = Math.log1p(Math.max(gapMinutes, 0))
    rows[row + 2] = tick.price !== undefined && deviation > 0 ? clamp((tick.price - mean) / deviation, -priceZLimit, priceZLimit) : 0
    rows[row + 3] = tick.price === undefined ? 0 : 1
    rows[row + 4] = signals.incidentScore
    rows[row + 5] = signals.capacityScore
    rows[row + 6] = signals.negativeNewsScore
  }
  if (count === windowTicks || count === 0) return rows
  const padded = new Float64Array(windowTicks * channelCount)
  const pad = windowTicks - count
  for (let i = 0; i < pad; i++) padded.set(rows.subarray(0, channelCount), i * channelCount)
  padded.set(rows, pad * channelCount)
  return padded
}

/** The features of one forecast input, and how many real ticks they hold. */
export function inputFeatures(input: ForecastInput): { features: Float64Array; ticks: number } {
  const ticks = ticksOf(input)
  const asOfMs = Date.parse(input.asOf)
  return { features: windowFeatures(ticks, signalChannels(scoredSignals(input), asOfMs)), ticks: Math.min(ticks.length, windowTicks) }
}

function clamp(value: number, low: number, high: number): number {
  return Math.min(Math.max(value, low), high)
}
