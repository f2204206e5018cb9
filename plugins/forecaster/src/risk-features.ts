import type { ForecastInput, Severity } from '@aether/plugin-api'

/** The numbers the baseline reasons from; all are stored with the forecast. */
export interface RiskFeatures {
  /** Samples in the window. */
  samples: number
  /** Share of `spot_available` samples with no capacity (0 when the pool has none). */
  unavailableShare: number
  /** Latest spot price in standard deviations from the window's mean (0 with under 3 prices). */
  priceZ: number
  /** Latest spot price over latest on-demand price (0 when either is missing). */
  spotToOnDemand: number
  /** Signals in the lookback. */
  signals: number
  /** Severity-weighted, time-decayed sum of signals, raised by their capacity feature. */
  incidentScore: number
}

const severityWeight: Record<Severity, number> = { info: 0.1, low: 0.3, medium: 0.6, high: 1 }

/** Computes the features of one forecast input. */
export function riskFeatures(input: ForecastInput, halfLifeHours: number): RiskFeatures {
  // One pass over the window (it runs for every forecast), keeping each metric's order.
  const availability: number[] = []
  const spot: number[] = []
  const onDemand: number[] = []
  for (const sample of input.telemetry) {
    if (sample.metric === 'spot_available') availability.push(sample.value)
    else if (sample.metric === 'spot_price_usd_hour') spot.push(sample.value)
    else if (sample.metric === 'on_demand_price_usd_hour') onDemand.push(sample.value)
  }
  const asOfMs = Date.parse(input.asOf)
  const capacityBySignal = new Map(input.enrichments.map((enrichment) => [enrichment.signalId, enrichment.bCapacity]))
  const incidentScore = input.signals.reduce((sum, signal) => {
    const ageHours = Math.max(0, asOfMs - Date.parse(signal.timestamp)) / 3_600_000
    const decay = 0.5 ** (ageHours / halfLifeHours)
    return sum + severityWeight[signal.severity] * decay * (1 + (capacityBySignal.get(signal.id) ?? 0))
  }, 0)
  const lastSpot = spot.at(-1)
  const lastOnDemand = onDemand.at(-1)
  return {
    samples: input.telemetry.length,
    unavailableShare: availability.length === 0 ? 0 : availability.filter((value) => value <= 0).length / availability.length,
    priceZ: zScore(spot),
    spotToOnDemand: lastSpot !== undefined && lastOnDemand !== undefined && lastOnDemand > 0 ? lastSpot / lastOnDemand : 0,
    signals: input.signals.length,
    incidentScore,
  }
}

function zScore(values: number[]): number {
  if (values.length < 3) return 0
  const mean = values.reduce((sum, value) => sum + value, 0) / values.length
  const variance = values.reduce((sum, value) => sum + (value - mean) ** 2, 0) / values.length
  const deviation = Math.sqrt(variance)
  return deviation === 0 ? 0 : ((values.at(-1) as number) - mean) / deviation
}
