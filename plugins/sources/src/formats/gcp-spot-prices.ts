import type { DraftRecord } from '@aether/plugin-api'
import { numberOrNull, parseCsv } from './csv.js'

/**
 * Google Cloud price change rows (`snapshot_time, machine_type, region, hour, hour_spot`) as
 * telemetry.v1 drafts: one `spot_price_usd_hour` and one `on_demand_price_usd_hour` per row.
 * An empty price becomes null, which the validator refuses: it is not guessed.
 */
export function readGcpSpotPrices(text: string): DraftRecord[] {
  return parseCsv(text).flatMap((row) => {
    const base = { contract: 'telemetry.v1', source: 'gcp-pricing', timestamp: row.snapshot_time, region: row.region, pool: row.machine_type }
    const key = `${row.machine_type}/${row.region}/${row.snapshot_time}`
    return [
      { ...base, sourceEventId: `${key}/spot`, metric: 'spot_price_usd_hour', value: numberOrNull(row.hour_spot) },
      { ...base, sourceEventId: `${key}/on-demand`, metric: 'on_demand_price_usd_hour', value: numberOrNull(row.hour) },
    ]
  })
}
