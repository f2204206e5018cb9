import type { EnrichmentV1, ForecastInput, SignalV1, TelemetryV1 } from '@aether/plugin-api'

/** How the window is kept. */
export interface ForecastWindowOptions {
  cadenceMinutes: number
  telemetrySamples: number
  signalLookbackHours: number
}

interface PoolState {
  region: string
  zone: string | undefined
  pool: string
  /** The latest samples, oldest first, and their times in ms (parallel arrays: no object per sample). */
  samples: TelemetryV1[]
  sampleMs: number[]
  lastForecastMs: number
}

interface HeldSignal {
  signal: SignalV1
  atMs: number
}

const hourMs = 3_600_000

/**
 * What the forecast stage remembers between batches: recent samples per pool, recent signals per
 * region and their enrichments. It decides when a pool is due for a forecast (at most once per
 * cadence of event time) and builds the forecaster's inputs from what was known at that time.
 */
export class ForecastWindow {
  readonly #pools = new Map<string, PoolState>()
  readonly #signalsByRegion = new Map<string, HeldSignal[]>()
  readonly #enrichments = new Map<string, EnrichmentV1>()
  // Samples come in time order and most share the previous one's timestamp: parse each once.
  #lastTimestamp: string | undefined
  #lastMs = Number.NaN

  constructor(private readonly options: ForecastWindowOptions) {}

  addSignal(signal: SignalV1): void {
    const list = this.#signalsByRegion.get(signal.region) ?? []
    list.push({ signal, atMs: Date.parse(signal.timestamp) })
    this.#signalsByRegion.set(signal.region, list)
  }

  addEnrichment(enrichment: EnrichmentV1): void {
    this.#enrichments.set(enrichment.signalId, enrichment)
  }

  /** Adds a sample; returns the input for a forecast when the pool is due for one. */
  addSample(sample: TelemetryV1): ForecastInput | undefined {
    const key = `${sample.region}/${sample.zone ?? ''}/${sample.pool}`
    let state = this.#pools.get(key)
    if (state === undefined) {
      state = { region: sample.region, zone: sample.zone, pool: sample.pool, samples: [], sampleMs: [], lastForecastMs: Number.NEGATIVE_INFINITY }
      this.#pools.set(key, state)
    }
    const atMs = this.#timeOf(sample.timestamp)
    state.samples.push(sample)
    state.sampleMs.push(atMs)
    if (state.samples.length > this.options.telemetrySamples) {
      state.samples.shift()
      state.sampleMs.shift()
    }
    if (atMs - state.lastForecastMs < this.options.cadenceMinutes * 60_000) return undefined
    state.lastForecastMs = atMs
    return this.#input(state, sample.timestamp, atMs)
  }

  #timeOf(timestamp: string): number {
    if (timestamp !== this.#lastTimestamp) {
      this.#lastTimestamp = timestamp
      this.#lastMs = Date.parse(timestamp)
    }
    return this.#lastMs
  }

  #input(state: PoolState, asOf: string, atMs: number): ForecastInput {
    const fromMs = atMs - this.options.signalLookbackHours * hourMs
    const signals = [state.region, 'global']
      .flatMap((region) => this.#signalsByRegion.get(region) ?? [])
      .filter((held) => held.atMs <= atMs && held.atMs >= fromMs)
      .map((held) => held.signal)
    this.#forgetSignalsBefore(state.region, fromMs)
    const enrichments = signals
      .map((signal) => this.#enrichments.get(signal.id))
      .filter((enrichment): enrichment is EnrichmentV1 => enrichment !== undefined)
    return {
      region: state.region,
      ...(state.zone === undefined ? {} : { zone: state.zone }),
      pool: state.pool,
      asOf,
      telemetry: state.samples.filter((_, index) => (state.sampleMs[index] as number) <= atMs),
      signals,
      enrichments,
    }
  }

  /**
   * Keeps memory bounded. Signals older than the lookback of a region's latest forecast cannot
   * count again, as long as samples arrive roughly in time order (replays are merged by time).
   */
  #forgetSignalsBefore(region: string, fromMs: number): void {
    const list = this.#signalsByRegion.get(region)
    if (list === undefined) return
    const kept: HeldSignal[] = []
    for (const held of list) {
      if (held.atMs >= fromMs) kept.push(held)
      else this.#enrichments.delete(held.signal.id)
    }
    this.#signalsByRegion.set(region, kept)
  }
}
