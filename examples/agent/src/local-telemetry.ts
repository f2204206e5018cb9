import { readFile } from 'node:fs/promises'
import { recordId, type ForecastInput, type TelemetryV1 } from '@aether/plugin-api'
import { readSpotTrace } from '@aether/plugin-sources'
import { AgentTelemetryUnreadable } from './errors.js'

/** The pool the agent sits next to, and the trace that measures it. */
export interface TracePool {
  trace: string
  start: string
  region: string
  zone: string
  pool: string
  tenant: string
}

/**
 * The agent's only telemetry: a measured spot trace on local disk, read with the same reader the
 * pipeline's replay source uses, as telemetry.v1 samples grouped by tick (availability, and the
 * price when the trace has one).
 */
export async function readLocalTicks(pool: TracePool): Promise<TelemetryV1[][]> {
  let drafts
  try {
    drafts = readSpotTrace(await readFile(pool.trace, 'utf8'), { format: 'spot-trace', path: pool.trace, start: pool.start, region: pool.region, zone: pool.zone, pool: pool.pool })
  } catch (error) {
    throw new AgentTelemetryUnreadable([pool.trace, (error as Error).message], { cause: error })
  }
  const ticks: TelemetryV1[][] = []
  let current: TelemetryV1[] = []
  for (const draft of drafts) {
    const sample = { ...draft, id: recordId(draft), tenant: pool.tenant } as unknown as TelemetryV1
    if (current.length > 0 && current[0]?.timestamp !== sample.timestamp) {
      ticks.push(current)
      current = []
    }
    current.push(sample)
  }
  if (current.length > 0) ticks.push(current)
  return ticks
}

/** The last `samplesPerMetric` samples of each metric, as the pipeline's forecast window keeps them. */
export class LocalWindow {
  readonly #samples = new Map<string, TelemetryV1[]>()

  constructor(private readonly samplesPerMetric: number) {}

  add(tick: readonly TelemetryV1[]): void {
    for (const sample of tick) {
      let kept = this.#samples.get(sample.metric)
      if (kept === undefined) this.#samples.set(sample.metric, kept = [])
      kept.push(sample)
      if (kept.length > this.samplesPerMetric) kept.shift()
    }
  }

  /** The forecast input as of the newest sample: local telemetry only, no signals or enrichments. */
  input(pool: Pick<TracePool, 'region' | 'zone' | 'pool'>): ForecastInput | undefined {
    const telemetry = [...this.#samples.values()].flat().sort((a, b) => a.timestamp.localeCompare(b.timestamp))
    const newest = telemetry.at(-1)
    if (newest === undefined) return undefined
    return { region: pool.region, zone: pool.zone, pool: pool.pool, asOf: newest.timestamp, telemetry, signals: [], enrichments: [] }
  }
}
