import { createContractRegistry } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { checkPoll, maxCursorBytes } from './sandboxed-source.js'

const contracts = createContractRegistry()
const sample = {
  contract: 'telemetry.v1', source: 'feed', sourceEventId: 'n2/1', timestamp: '2023-04-30T01:00:00.000Z',
  region: 'us-east1', pool: 'n2', metric: 'spot_price_usd_hour', value: 0.1,
}
const check = (output: unknown, maxRecords = 10) => checkPoll(output, 'telemetry.v1', maxRecords, contracts, 'lab')

describe('checkPoll: what a source adapter\'s poll returned', () => {
  it('takes drafts of the manifest\'s contract with the cursor for the next poll', () => {
    expect(check({ records: [sample], cursor: { page: 2 } })).toEqual({ isOk: true, records: [sample], cursor: { page: 2 }, unfit: [] })
    expect(check({ records: [], cursor: null })).toEqual({ isOk: true, records: [], cursor: null, unfit: [] })
  })

  it('passes on a draft whose fields break the contract, listing it for the validator to refuse', () => {
    const result = check({ records: [sample, { ...sample, value: 'high' }], cursor: 1 })
    expect(result).toMatchObject({ isOk: true, records: [sample, { ...sample, value: 'high' }] })
    expect(result.isOk && result.unfit).toEqual([expect.stringMatching(/^record 1: \/value /)])
  })

  it('fails the poll for a reply it cannot take record by record', () => {
    const cases: Array<[unknown, RegExp]> = [
      [[sample], /not return an object/],
      [{ records: [sample], cursor: 1, more: true }, /fields other than records and cursor: more/],
      [{ records: 'none', cursor: 1 }, /records is not an array/],
      [{ records: [sample] }, /no cursor/],
      [{ records: Array.from({ length: 11 }, () => sample), cursor: 1 }, /11 records, more than the 10 allowed/],
      [{ records: [sample], cursor: 'x'.repeat(maxCursorBytes) }, /the cursor is \d+ bytes/],
      [{ records: [sample, 'text'], cursor: 1 }, /record 1 is not an object/],
      [{ records: [{ ...sample, contract: 'decision.v1' }], cursor: 1 }, /record 0 has contract "decision.v1"; this source returns "telemetry.v1" only/],
      [{ records: [{ ...sample, sourceEventId: 7 }], cursor: 1 }, /record 0 has no sourceEventId string/],
      [{ records: [{ ...sample, source: '' }], cursor: 1 }, /record 0 has no source string/],
    ]
    for (const [output, reason] of cases) expect(check(output)).toEqual({ isOk: false, reason: expect.stringMatching(reason) })
  })
})
