import type { DraftRecord } from '@aether/core'
import type { ReplayInput } from '../config.js'
import { TraceSettingMissing } from '../errors.js'

interface Trace {
  metadata?: { gap_seconds?: number }
  data?: unknown[]
  prices?: unknown[]
}

/**
 * A measured spot trace (`{metadata: {gap_seconds}, data, prices?}`, one value per tick) as
 * telemetry.v1 drafts: `spot_available` (instances available at the tick) and, when the trace has
 * prices, `spot_price_usd_hour`. Tick i is at `start + i × gap_seconds`.
 */
export function readSpotTrace(text: string, input: ReplayInput): DraftRecord[] {
  const trace = JSON.parse(text) as Trace
  const gapSeconds = trace.metadata?.gap_seconds
  if (typeof gapSeconds !== 'number' || !Array.isArray(trace.data)) {
    throw new TypeError('expected {"metadata": {"gap_seconds": N}, "data": [...]}')
  }
  const { start, region, pool } = input
  if (start === undefined) throw new TraceSettingMissing([input.path, 'start'])
  if (region === undefined) throw new TraceSettingMissing([input.path, 'region'])
  if (pool === undefined) throw new TraceSettingMissing([input.path, 'pool'])
  const startMs = Date.parse(start)
  const where = input.zone ?? region
  const drafts: DraftRecord[] = []
  trace.data.forEach((available, tick) => {
    const timestamp = new Date(startMs + tick * gapSeconds * 1000).toISOString()
    const base = { contract: 'telemetry.v1', source: 'spot-trace', timestamp, region, ...(input.zone === undefined ? {} : { zone: input.zone }), pool }
    drafts.push({ ...base, sourceEventId: `${where}/${pool}/${start}/${tick}/available`, metric: 'spot_available', value: available })
    if (trace.prices !== undefined && tick < trace.prices.length) {
      drafts.push({ ...base, sourceEventId: `${where}/${pool}/${start}/${tick}/price`, metric: 'spot_price_usd_hour', value: trace.prices[tick] })
    }
  })
  return drafts
}
