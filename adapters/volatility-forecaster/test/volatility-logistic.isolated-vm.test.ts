import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { isBuildCurrent } from '@aether/adapter-cli'
import { createLogger } from '@aether/core'
import { type EnrichmentV1, type Forecast, type ForecastInput, type ItemResult, recordId, type SignalV1, type TelemetryV1 } from '@aether/plugin-api'
import { readAdapter, SandboxedAdapter, SandboxedForecaster, SandboxPool } from '@aether/plugin-sandbox-host'
import { readSpotTrace } from '@aether/plugin-sources'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The forecaster in a real sandbox process, through the host's own forecaster, on windows of a
// measured AWS spot trace (availability and price every 32 s) from examples/spot-risk/data.
const folder = fileURLToPath(new URL('..', import.meta.url))
const logger = createLogger({ level: 'silent' })
const pool = new SandboxPool(1, logger)
let forecaster: SandboxedForecaster
beforeAll(async () => {
  await pool.start()
  const installed = await readAdapter(folder, { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024, cpuMsPerDay: 3_600_000 })
  forecaster = new SandboxedForecaster(new SandboxedAdapter(installed, pool, { maxLinesPerCall: 10, maxLineChars: 500 }))
})
afterAll(() => pool.stop())

const trace = { format: 'spot-trace' as const, path: 'us-east-1c_v100_1.json', start: '2023-04-22T00:00:00Z', region: 'us-east-1', zone: 'us-east-1c', pool: 'p3.2xlarge' }
const samples = readSpotTrace(await readFile(new URL('../../../examples/spot-risk/data/spot-traces/us-east-1c_v100_1.json', import.meta.url), 'utf8'), trace)
  .map((draft) => ({ ...draft, tenant: 'lab', id: recordId(draft) })) as unknown as TelemetryV1[]
const ticks = [...new Set(samples.map((sample) => sample.timestamp))]

/** The pool's samples of the 48 ticks up to the first tick at which `isDue` holds for the availability of those ticks. */
function windowWhere(isDue: (available: number[]) => boolean): TelemetryV1[] {
  for (let end = 48; end <= ticks.length; end += 1) {
    const times = new Set(ticks.slice(end - 48, end))
    const window = samples.filter((sample) => times.has(sample.timestamp))
    if (isDue(window.filter((sample) => sample.metric === 'spot_available').map((sample) => sample.value))) return window
  }
  throw new Error('no such window in the trace')
}

function input(telemetry: TelemetryV1[], signals: SignalV1[] = [], enrichments: EnrichmentV1[] = []): ForecastInput {
  return { region: 'us-east-1', zone: 'us-east-1c', pool: 'p3.2xlarge', asOf: (telemetry.at(-1) as TelemetryV1).timestamp, telemetry, signals, enrichments }
}

const forecast = async (inputs: ForecastInput[]): Promise<Array<ItemResult<Forecast>>> =>
  forecaster.forecastBatch(inputs, { tenant: 'lab', logger, signal: new AbortController().signal, traceId: 'forecast-test' })
const probabilityOf = (result: ItemResult<Forecast> | undefined) => (result as { value: Forecast }).value.probability

describe('the volatility-logistic forecaster adapter, in the sandbox', () => {
  const available = windowWhere((counts) => counts.every((count) => count > 0))
  const gone = windowWhere((counts) => counts.every((count) => count === 0))

  it('forecasts a window with no spot instance left as riskier than one where instances were available', async () => {
    const [calm, scarce] = await forecast([input(available), input(gone)])
    expect(calm).toMatchObject({ isOk: true, value: { model: 'volatility-logistic@1', horizonMinutes: 60, features: { unavailableShare: 0, samples: available.length } } })
    expect(scarce).toMatchObject({ isOk: true, value: { features: { unavailableShare: 1 } } })
    expect(probabilityOf(scarce)).toBeGreaterThan(probabilityOf(calm) + 0.3)
  })

  it('raises the risk for a recent signal its enrichment scores as a capacity shortage, less the older it is', async () => {
    const asOf = (available.at(-1) as TelemetryV1).timestamp
    const signalAt = (hoursBefore: number, index: number): [SignalV1, EnrichmentV1] => {
      const timestamp = new Date(Date.parse(asOf) - hoursBefore * 3_600_000).toISOString()
      const header = { contract: 'signal.v1' as const, source: 'aws-status', sourceEventId: `ec2-capacity/${index}` }
      const signal: SignalV1 = { ...header, id: recordId(header), tenant: 'lab', timestamp, region: 'us-east-1', severity: 'high', summary: 'Insufficient capacity for P3 instances in us-east-1c' }
      const enrichmentHeader = { contract: 'enrichment.v1' as const, source: 'enricher:keyword-enricher', sourceEventId: signal.id }
      return [signal, { ...enrichmentHeader, id: recordId(enrichmentHeader), tenant: 'lab', timestamp, region: 'us-east-1', signalId: signal.id, vNews: { sentiment: -0.6, volatilityLikelihood: 0.7 }, bCapacity: 0.9, model: 'keyword-enricher@1' }]
    }
    const [recentSignal, recentEnrichment] = signalAt(1, 1)
    const [oldSignal, oldEnrichment] = signalAt(36, 2)
    const [none, recent, old] = await forecast([input(available), input(available, [recentSignal], [recentEnrichment]), input(available, [oldSignal], [oldEnrichment])])
    expect(probabilityOf(recent)).toBeGreaterThan(probabilityOf(old))
    expect(probabilityOf(old)).toBeGreaterThan(probabilityOf(none))
  })

  it('answers an input with no telemetry with its own error, and forecasts the others of the batch', async () => {
    const results = await forecast([{ ...input(available), telemetry: [] }, input(gone)])
    expect(results[0]).toEqual({ isOk: false, error: 'no telemetry for p3.2xlarge in us-east-1' })
    expect(results[1]).toMatchObject({ isOk: true })
  })
})

describe('the volatility-logistic adapter, as committed', () => {
  it('is the bundle and manifest its source builds to, so the recorded sha512 is honest', async () => {
    expect(await isBuildCurrent(folder)).toEqual({ isBundleCurrent: true, isManifestCurrent: true })
  })
})
