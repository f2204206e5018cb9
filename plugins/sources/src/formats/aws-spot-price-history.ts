import type { DraftRecord } from '@aether/plugin-api'
import { numberOrNull, parseCsv } from './csv.js'

/**
 * An EC2 `DescribeSpotPriceHistory` export (`Timestamp, InstanceType, ProductDescription,
 * SpotPrice, AvailabilityZone`) as telemetry.v1 drafts of `spot_price_usd_hour`. The region is
 * the zone name without its letter.
 */
export function readAwsSpotPriceHistory(text: string): DraftRecord[] {
  return parseCsv(text).map((row) => {
    const zone = row.AvailabilityZone ?? ''
    // The export writes "2023-12-20 23:32:36+00:00"; ISO 8601 wants a T between date and time.
    const timestamp = (row.Timestamp ?? '').replace(' ', 'T')
    return {
      contract: 'telemetry.v1',
      source: 'aws-spot-price-history',
      sourceEventId: `${row.InstanceType}/${zone}/${row.ProductDescription}/${row.Timestamp}`,
      timestamp,
      region: zone.replace(/[a-z]$/, ''),
      zone,
      pool: row.InstanceType,
      metric: 'spot_price_usd_hour',
      value: numberOrNull(row.SpotPrice),
    }
  })
}
