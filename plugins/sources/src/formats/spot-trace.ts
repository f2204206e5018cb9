import type { DraftRecord } from '@aether/plugin-api'
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
  const { zone } = input
  const key = `${zone ?? region}/${pool}/${start}`
  // Each draft is one literal without spreads (a spread inside a literal is several times slower
  // in V8): traces run to tens of thousands of ticks.
  const draft = (sourceEventId: string, timestamp: string, metric: string, value: unknown): DraftRecord => zone === undefined
    ? { contract: 'telemetry.v1', source: 'spot-trace', sourceEventId, timestamp, region, pool, metric, value }
    : { contract: 'telemetry.v1', source: 'spot-trace', sourceEventId, timestamp, region, zone, pool, metric, value }
  const prices = trace.prices ?? []
  const drafts: DraftRecord[] = []
  for (let tick = 0; tick < trace.data.length; tick++) {
    const timestamp = new Date(startMs + tick * gapSeconds * 1000).toISOString()
    drafts.push(draft(`${key}/${tick}/available`, timestamp, 'spot_available', trace.data[tick]))
    if (tick < prices.length) drafts.push(draft(`${key}/${tick}/price`, timestamp, 'spot_price_usd_hour', prices[tick]))
  }
  return drafts
}
