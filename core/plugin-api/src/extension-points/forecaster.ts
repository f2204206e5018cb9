import type { EnrichmentV1 } from '../contracts/enrichment-v1.js'
import type { ForecastV1 } from '../contracts/forecast-v1.js'
import type { SignalV1 } from '../contracts/signal-v1.js'
import type { TelemetryV1 } from '../contracts/telemetry-v1.js'
import type { ItemResult, Named, StageContext } from './extension-point.js'

/** Everything known about one pool at one time: its recent telemetry and its region's signals. */
export interface ForecastInput {
  region: string
  zone?: string
  pool: string
  /** The time to forecast for: the newest telemetry sample's timestamp. */
  asOf: string
  /** Recent samples of this pool, oldest first, none after `asOf`. */
  telemetry: TelemetryV1[]
  /** Recent signals for the pool's region (and `global`), none after `asOf`. */
  signals: SignalV1[]
  /** Enrichments of those signals, when an enricher runs. */
  enrichments: EnrichmentV1[]
}

/** What a forecaster computes; the stage adds the record header. */
export type Forecast = Pick<ForecastV1, 'probability' | 'horizonMinutes' | 'model' | 'features'>

/** Estimates P(preemption) per input. One result per input, same order. */
export interface Forecaster extends Named {
  forecastBatch(inputs: ForecastInput[], context: StageContext): Promise<Array<ItemResult<Forecast>>>
}
