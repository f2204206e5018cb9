import { readFileSync } from 'node:fs'
import {
  type DraftRecord, type ForecastInput, type ForecastV1, recordId, type SignalV1, type TelemetryV1,
} from '@aether/plugin-api'
import { readGcpIncidents, readGcpSpotPrices } from '@aether/plugin-sources'

// The golden records, read once per process: real incidents and prices (golden/README.md) in
// each kind's input shape, stamped for a tenant the way the source stage stamps records.

const goldenDir = new URL('../../golden/', import.meta.url)
let drafts: { signals: DraftRecord[]; telemetry: DraftRecord[] } | undefined

function goldenDrafts(): { signals: DraftRecord[]; telemetry: DraftRecord[] } {
  drafts ??= {
    signals: readGcpIncidents(readFileSync(new URL('gcp-incidents.json', goldenDir), 'utf8')),
    telemetry: readGcpSpotPrices(readFileSync(new URL('gcp-spot-prices.csv', goldenDir), 'utf8')),
  }
  return drafts
}

function stamp<T>(draft: DraftRecord, tenant: string): T {
  const header = { source: String(draft.source), sourceEventId: String(draft.sourceEventId), contract: String(draft.contract) }
  return { ...draft, tenant, id: recordId(header) } as T
}

/** The golden incidents as signal.v1 records of `tenant`. */
export function goldenSignals(tenant: string): SignalV1[] {
  return goldenDrafts().signals.map((draft) => stamp<SignalV1>(draft, tenant))
}

/** The golden price rows as telemetry.v1 records of `tenant`. */
export function goldenTelemetry(tenant: string): TelemetryV1[] {
  return goldenDrafts().telemetry.map((draft) => stamp<TelemetryV1>(draft, tenant))
}

/** One forecast input per pool and region of the golden prices, with the signals of its region. */
export function goldenForecastInputs(tenant: string): ForecastInput[] {
  const signals = goldenSignals(tenant)
  const pools = new Map<string, TelemetryV1[]>()
  for (const sample of goldenTelemetry(tenant)) {
    const key = `${sample.pool}/${sample.region}`
    pools.set(key, [...(pools.get(key) ?? []), sample])
  }
  return [...pools.values()].map((samples) => {
    const sorted = [...samples].sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    const first = sorted[0] as TelemetryV1
    const asOf = (sorted[sorted.length - 1] as TelemetryV1).timestamp
    return {
      region: first.region, pool: first.pool, asOf, telemetry: sorted,
      signals: signals.filter((signal) => (signal.region === first.region || signal.region === 'global') && signal.timestamp <= asOf),
      enrichments: [],
    }
  })
}

/** One forecast.v1 per golden forecast input; the probability is the latest spot/on-demand ratio. */
export function goldenForecasts(tenant: string): ForecastV1[] {
  return goldenForecastInputs(tenant).map((input) => {
    const latest = (metric: string) => [...input.telemetry].reverse().find((sample) => sample.metric === metric)?.value ?? 0
    const onDemand = latest('on_demand_price_usd_hour')
    const probability = onDemand > 0 ? Math.min(1, Math.max(0, latest('spot_price_usd_hour') / onDemand)) : 0
    const header = { source: 'conformance-golden', sourceEventId: `${input.pool}/${input.region}@${input.asOf}`, contract: 'forecast.v1' as const }
    return {
      ...header, id: recordId(header), tenant, timestamp: input.asOf, region: input.region, pool: input.pool,
      horizonMinutes: 60, probability, model: 'golden-ratio@1', features: { samples: input.telemetry.length },
    }
  })
}
