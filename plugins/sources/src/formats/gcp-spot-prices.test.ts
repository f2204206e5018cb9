import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/fixture.js'
import { readGcpSpotPrices } from './gcp-spot-prices.js'

describe('readGcpSpotPrices', () => {
  const drafts = readGcpSpotPrices(fixture('gcp-spot-prices.csv'))

  it('makes a spot and an on-demand sample per row', () => {
    expect(drafts.filter((d) => d.region === 'us-central1').map((d) => [d.metric, d.value])).toEqual([
      ['spot_price_usd_hour', 0.0758176], ['on_demand_price_usd_hour', 0.189544],
    ])
  })

  it('leaves a missing spot price as null instead of guessing one', () => {
    expect(drafts.find((d) => d.region === 'africa-south1' && d.metric === 'spot_price_usd_hour')?.value).toBeNull()
  })
})
