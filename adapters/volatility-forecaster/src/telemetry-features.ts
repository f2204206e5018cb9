import type { TelemetryV1 } from '@aether/plugin-api'

/** What the pool's own recent samples say. */
export interface TelemetryFeatures {
  /** Standard deviation of the spot price's log returns over the window: how jumpy the price is. */
  priceVolatility: number
  /** How far the latest spot price is above the window's median, as a log ratio (0 when at or below). */
  priceJump: number
  /** Latest spot price over latest on-demand price, 0..1 (0 when either is unknown): spot near on-demand means spare capacity is scarce. */
  spotShare: number
  /** Share of the recent availability samples that saw no spot instance. */
  unavailableShare: number
}

/** Samples of each series the features read, newest last. */
export const windowSamples = 48

function series(telemetry: TelemetryV1[], metric: string): number[] {
  return telemetry.filter((sample) => sample.metric === metric && Number.isFinite(sample.value)).map((sample) => sample.value).slice(-windowSamples)
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[middle] as number : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/** The features of a pool's telemetry, oldest sample first as the forecast input holds it. */
export function telemetryFeatures(telemetry: TelemetryV1[]): TelemetryFeatures {
  const spot = series(telemetry, 'spot_price_usd_hour').filter((price) => price > 0)
  const onDemand = series(telemetry, 'on_demand_price_usd_hour').filter((price) => price > 0)
  const available = series(telemetry, 'spot_available')
  const returns = spot.slice(1).map((price, index) => Math.log(price / (spot[index] as number)))
  const mean = returns.reduce((sum, value) => sum + value, 0) / Math.max(1, returns.length)
  const variance = returns.reduce((sum, value) => sum + (value - mean) ** 2, 0) / Math.max(1, returns.length - 1)
  const latestSpot = spot.at(-1)
  const latestOnDemand = onDemand.at(-1)
  return {
    priceVolatility: returns.length < 2 ? 0 : Math.sqrt(variance),
    priceJump: latestSpot === undefined ? 0 : Math.max(0, Math.log(latestSpot / median(spot))),
    spotShare: latestSpot === undefined || latestOnDemand === undefined ? 0 : Math.min(1, latestSpot / latestOnDemand),
    unavailableShare: available.length === 0 ? 0 : available.filter((count) => count <= 0).length / available.length,
  }
}
