// Writes samples/raw-records.json, forecast-inputs.json and forecasts.json, the real records
// `aether adapter test` sends a validator, forecaster or policy when no --input is given, from
// examples/spot-risk/data read by the first-party plugins as the pipeline reads it. Run from the
// repository root after `npm run build`: node --import tsx adapters/cli/scripts/write-samples.ts
import { readFile, writeFile } from 'node:fs/promises'
import {
  type AetherRecord, type DraftRecord, type EnrichmentV1, type ForecastInput, recordId, type SignalV1, type StageContext, type TelemetryV1,
} from '@aether/plugin-api'
import { LexiconEnricher } from '@aether/plugin-enricher'
import { HeuristicForecaster } from '@aether/plugin-forecaster'
import { readGcpIncidents, readGcpSpotPrices } from '@aether/plugin-sources'

const data = (file: string) => readFile(new URL(`../../../examples/spot-risk/data/${file}`, import.meta.url), 'utf8')
const samples = (file: string) => new URL(`../samples/${file}`, import.meta.url)
const tenant = 'demo'
const context: StageContext = {
  tenant, traceId: 'write-samples', signal: new AbortController().signal,
  logger: { trace() {}, debug() {}, info() {}, warn() {}, error() {}, fatal() {}, child() { return context.logger } },
}

/** As the source stage stamps a draft: tenant and the deterministic id. */
function stamp(draft: DraftRecord): AetherRecord {
  return { ...draft, tenant, id: recordId({ source: draft.source, sourceEventId: draft.sourceEventId, contract: draft.contract }) } as AetherRecord
}

const signals = readGcpIncidents(await data('gcp-incidents-2023-04-to-12.json')).map(stamp) as unknown as SignalV1[]
const prices = readGcpSpotPrices(await data('gcp-spot-prices-2023.csv')).map(stamp) as unknown as TelemetryV1[]
const n4Prices = readGcpSpotPrices(await data('gcp-spot-prices-n4-standard-4.csv')).map(stamp)

// Raw records for a validator: signals and price samples as the source stage hands them on,
// with one n4-standard-4 row of 2024-04-11 whose spot price is empty (null), which is invalid.
const emptySpot = n4Prices.find((record) => record.value === null && record.metric === 'spot_price_usd_hour')
if (emptySpot === undefined) throw new Error('no empty n4-standard-4 spot price found')
const rawRecords = [...signals.slice(0, 4), ...prices.filter((sample) => sample.region === 'us-east4' && sample.pool === 'c2-standard-8').slice(0, 4), emptySpot]

// Forecast inputs: for two pools of us-central1 and us-east4 with five price rows each, every
// price sample up to the latest 2023 snapshot, and the region's (and global) signals of the seven
// days before it. The pipeline's default lookback is 24 h; the price history changes only every
// few weeks, so a week is what makes a sample that has signals at all.
const weekMs = 7 * 24 * 3_600_000
const enrichmentsBySignal = new Map<string, EnrichmentV1>()
const lexicon = new LexiconEnricher()
const enriched = await lexicon.enrichBatch(signals, context)
for (const [index, result] of enriched.entries()) {
  const signal = signals[index] as SignalV1
  if (!result.isOk) continue
  const header = { source: `enricher:${lexicon.name}`, sourceEventId: signal.id, contract: 'enrichment.v1' as const }
  enrichmentsBySignal.set(signal.id, { ...header, id: recordId(header), tenant, timestamp: signal.timestamp, region: signal.region, signalId: signal.id, ...result.value })
}

function forecastInput(region: string, pool: string, asOf: string): ForecastInput {
  const atMs = Date.parse(asOf)
  const recent = signals.filter((signal) => (signal.region === region || signal.region === 'global')
    && Date.parse(signal.timestamp) <= atMs && Date.parse(signal.timestamp) >= atMs - weekMs)
  return {
    region, pool, asOf,
    telemetry: prices.filter((sample) => sample.region === region && sample.pool === pool && Date.parse(sample.timestamp) <= atMs)
      .sort((a, b) => a.timestamp.localeCompare(b.timestamp)),
    signals: recent,
    enrichments: recent.flatMap((signal) => enrichmentsBySignal.get(signal.id) ?? []),
  }
}

/** The snapshot time, up to which the pool's region had the most signals in the week before. */
function busiestSnapshot(region: string, pool: string): string {
  const times = [...new Set(prices.filter((sample) => sample.region === region && sample.pool === pool).map((sample) => sample.timestamp))].sort()
  const count = (time: string) => forecastInput(region, pool, time).signals.length
  return times.reduce((best, time) => count(time) > count(best) ? time : best)
}

const inputs = [['us-central1', 'n2-standard-8'], ['us-east4', 'c2-standard-8']].map(([region, pool]) => forecastInput(region as string, pool as string, busiestSnapshot(region as string, pool as string)))
for (const input of inputs) if (input.telemetry.length === 0) throw new Error(`no telemetry for ${input.pool} in ${input.region}`)

// Forecasts for a policy: the heuristic baseline's, with the header the forecast stage adds.
const forecaster = new HeuristicForecaster({ horizonMinutes: 60, signalHalfLifeHours: 6 })
const results = await forecaster.forecastBatch(inputs, context)
const forecasts = results.map((result, index) => {
  const input = inputs[index] as ForecastInput
  if (!result.isOk) throw new Error(result.error)
  const header = { source: `forecaster:${forecaster.name}`, sourceEventId: `${input.region}//${input.pool}@${input.asOf}`, contract: 'forecast.v1' }
  return { ...header, id: recordId(header), tenant, timestamp: input.asOf, region: input.region, pool: input.pool, ...result.value }
})

const json = (value: unknown) => `${JSON.stringify(value, null, 2)}\n`
await writeFile(samples('raw-records.json'), json(rawRecords))
await writeFile(samples('forecast-inputs.json'), json(inputs))
await writeFile(samples('forecasts.json'), json(forecasts))
process.stdout.write(`wrote ${rawRecords.length} raw records, ${inputs.length} forecast inputs (${inputs.map((i) => `${i.telemetry.length} samples, ${i.signals.length} signals`).join('; ')}), ${forecasts.length} forecasts\n`)
