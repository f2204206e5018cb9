import { describe, expect, it } from 'vitest'
import { fixture } from '../../test/fixture.js'
import { readSpotTrace } from './spot-trace.js'

const input = { format: 'spot-trace' as const, path: 'spot-trace.json', start: '2023-04-22T00:00:00Z', region: 'us-east-1', zone: 'us-east-1c', pool: 'p3.2xlarge' }

describe('readSpotTrace', () => {
  const drafts = readSpotTrace(fixture('spot-trace.json'), input)

  it('makes an availability and a price sample per tick, gap_seconds apart', () => {
    expect(drafts).toHaveLength(12)
    expect(drafts.filter((d) => d.metric === 'spot_available').map((d) => d.timestamp).slice(0, 2))
      .toEqual(['2023-04-22T00:00:00.000Z', '2023-04-22T00:00:32.000Z'])
    expect(drafts[1]).toMatchObject({ metric: 'spot_price_usd_hour', value: 0.918, zone: 'us-east-1c', pool: 'p3.2xlarge' })
  })

  it('needs the start the trace file does not carry', () => {
    expect(() => readSpotTrace(fixture('spot-trace.json'), { ...input, start: undefined })).toThrow(
      'The spot-trace input spot-trace.json needs "start" in its configuration: trace files do not carry it.')
  })

  it('refuses a file without gap_seconds and data', () => {
    expect(() => readSpotTrace('{"data": 3}', input)).toThrow('expected {"metadata": {"gap_seconds": N}, "data": [...]}')
  })
})
