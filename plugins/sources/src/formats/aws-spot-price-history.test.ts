import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/fixture.js'
import { readAwsSpotPriceHistory } from './aws-spot-price-history.js'

describe('readAwsSpotPriceHistory', () => {
  it('reads each price change with its zone, region and an ISO timestamp', () => {
    const [first] = readAwsSpotPriceHistory(fixture('aws-spot-price-history.csv'))
    expect(first).toMatchObject({
      contract: 'telemetry.v1', timestamp: '2023-12-20T23:32:36+00:00', region: 'us-east-1', zone: 'us-east-1f',
      pool: 'c5a.2xlarge', metric: 'spot_price_usd_hour', value: 0.1482,
    })
  })
})
