import type { Enrichment, EnrichmentV1, ForecastInput, Severity, SignalV1, TelemetryV1 } from '@aether/plugin-api'

/** A tick as tests and fixtures describe it. */
export interface TickSpec {
  timestamp: string
  available: number
  price: number | null
}

/** A signal as tests and fixtures describe it, with its enrichment when an enricher ran. */
export interface SignalSpec {
  timestamp: string
  severity: Severity
  enrichment?: Enrichment
}

/** The forecast input the pipeline would build from these ticks and signals (test helper). */
export function forecastInputOf(ticks: readonly TickSpec[], signals: readonly SignalSpec[] = []): ForecastInput {
  const telemetry: TelemetryV1[] = []
  const header = { id: 'a'.repeat(32), tenant: 't', contract: 'telemetry.v1', source: 'spot-trace', region: 'us-east-1', zone: 'us-east-1c', pool: 'p3.2xlarge' } as const
  ticks.forEach((tick, index) => {
    telemetry.push({ ...header, sourceEventId: `${index}/available`, timestamp: tick.timestamp, metric: 'spot_available', value: tick.available })
    if (tick.price !== null) telemetry.push({ ...header, sourceEventId: `${index}/price`, timestamp: tick.timestamp, metric: 'spot_price_usd_hour', value: tick.price })
  })
  const signalRecords: SignalV1[] = signals.map((signal, index) => ({
    id: index.toString(16).padStart(32, 'c'), tenant: 't', contract: 'signal.v1', source: 'gcp-status', sourceEventId: `s${index}`,
    timestamp: signal.timestamp, region: 'us-east-1', severity: signal.severity, summary: 'capacity constrained',
  }))
  // Linked to their signals by id, as the pipeline's enrich stage links them.
  const enrichments: EnrichmentV1[] = signals.flatMap((signal, index) => signal.enrichment === undefined ? [] : [{
    id: index.toString(16).padStart(32, 'e'), tenant: 't', contract: 'enrichment.v1', source: 'enricher:lexicon', sourceEventId: `s${index}`,
    timestamp: signal.timestamp, region: 'us-east-1', signalId: (signalRecords[index] as SignalV1).id, ...signal.enrichment,
  }])
  return { region: 'us-east-1', zone: 'us-east-1c', pool: 'p3.2xlarge', asOf: ticks.at(-1)?.timestamp ?? '', telemetry, signals: signalRecords, enrichments }
}

/** Ticks every `gapSeconds` from 2023-04-22, with these availabilities and an optional price. */
export function evenTicks(available: readonly number[], gapSeconds = 32, price?: (index: number) => number): TickSpec[] {
  const start = Date.UTC(2023, 3, 22)
  return available.map((value, index) => ({
    timestamp: new Date(start + index * gapSeconds * 1000).toISOString(),
    available: value,
    price: price === undefined ? null : price(index),
  }))
}
