import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { isBuildCurrent } from '@aether/adapter-cli'
import { createLogger } from '@aether/core'
import { type DraftRecord, recordId, type Verdict } from '@aether/plugin-api'
import { readAdapter, SandboxedAdapter, SandboxedValidator, SandboxPool } from '@aether/plugin-sandbox-host'
import { readAwsSpotPriceHistory, readGcpIncidents, readGcpSpotPrices } from '@aether/plugin-sources'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The rule pack in a real sandbox process, through the host's own validator, on the vendored
// spot-risk data as the source stage hands it on and on records that break one rule each.
const folder = fileURLToPath(new URL('..', import.meta.url))
const logger = createLogger({ level: 'silent' })
const pool = new SandboxPool(1, logger)
let validator: SandboxedValidator
beforeAll(async () => {
  await pool.start()
  const installed = await readAdapter(folder, { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024, cpuMsPerDay: 3_600_000 })
  validator = new SandboxedValidator(new SandboxedAdapter(installed, pool, { maxLinesPerCall: 10, maxLineChars: 500 }))
})
afterAll(() => pool.stop())

const data = (file: string) => readFile(new URL(`../../../examples/spot-risk/data/${file}`, import.meta.url), 'utf8')
/** As the source stage stamps a draft. */
const stamp = (draft: DraftRecord) => ({ ...draft, tenant: 'lab', id: recordId(draft) })
const validate = (records: unknown[]): Promise<Verdict[]> => validator.validateBatch(records, { tenant: 'lab', logger, signal: new AbortController().signal, traceId: 'rules-test' })

describe('the spot-rules validator adapter, in the sandbox', () => {
  it('passes the vendored GCP incidents and GCP and AWS prices, but n4-standard-4 samples with no price (35) or an on-demand price of 0 (32)', async () => {
    const records = [
      ...readGcpIncidents(await data('gcp-incidents-2023-04-to-12.json')),
      ...readGcpSpotPrices(await data('gcp-spot-prices-2023.csv')),
      ...readGcpSpotPrices(await data('gcp-spot-prices-n4-standard-4.csv')),
      ...readAwsSpotPriceHistory(await data('c5a.2xlarge-us-east-1.csv')),
    ].map(stamp)
    const verdicts = await validate(records)
    const refused = verdicts.filter((verdict) => !verdict.isValid)
    expect(verdicts).toHaveLength(records.length)
    // The SDK checks the contract first and refuses the empty prices (null); a price of 0 the contract accepts.
    const count = (reason: string) => refused.filter((verdict) => !verdict.isValid && verdict.reason === reason).length
    expect(count('breaks its contract: /value Expected number')).toBe(35)
    expect(count('spot-rules: 1 rule broken, first /value 0 is outside (0, 500] for on_demand_price_usd_hour')).toBe(32)
    expect(refused).toHaveLength(67)
    for (const { record } of refused) expect(record).toMatchObject({ pool: 'n4-standard-4' })
  })

  const signal = stamp({ contract: 'signal.v1', source: 'gcp-status', sourceEventId: 'evX7KURnrjFU2BcHWxM7/us-east4', provider: 'gcp', timestamp: '2023-12-07T12:37:56+00:00', endTimestamp: '2023-12-07T14:49:14+00:00', region: 'us-east4', severity: 'low', summary: 'Cloud Interconnect users may be impacted in us-east4' })
  const price = stamp({ contract: 'telemetry.v1', source: 'aws-spot-price-history', sourceEventId: 'us-east-1c/c5a.2xlarge/2023-12-20T00:00:00Z', timestamp: '2023-12-20T00:00:00Z', region: 'us-east-1', zone: 'us-east-1c', pool: 'c5a.2xlarge', metric: 'spot_price_usd_hour', value: 0.1269 })
  const available = stamp({ contract: 'telemetry.v1', source: 'spot-trace', sourceEventId: 'us-central1-a/c3-highcpu-88/0', timestamp: '2023-04-30T00:00:00.000Z', region: 'us-central1', zone: 'us-central1-a', pool: 'c3-highcpu-88', metric: 'spot_available', value: 1 })
  const broken: Array<[string, unknown, string]> = [
    ['a timestamp in the future', { ...signal, timestamp: '2999-01-01T00:00:00Z', endTimestamp: undefined }, '/timestamp 2999-01-01T00:00:00Z is in the future'],
    ['a region no provider has', { ...signal, region: 'US Central' }, '/region "US Central" is not a GCP or AWS region name, multi-region nor "global"'],
    ['a blank summary', { ...signal, summary: '   ' }, '/summary is empty'],
    ['an end before its start', { ...signal, endTimestamp: '2023-12-07T12:00:00+00:00' }, '/endTimestamp is before the timestamp it ends'],
    ['a spot price of zero', { ...price, value: 0 }, '/value 0 is outside (0, 500] for spot_price_usd_hour'],
    ['a fractional instance count', { ...available, value: 0.5 }, '/value 0.5 is not a whole count for spot_available'],
    ['a zone of another region', { ...price, zone: 'us-west-2b' }, '/zone "us-west-2b" is not a zone of region "us-east-1"'],
    ['a telemetry sample named global', { ...available, region: 'global', zone: undefined }, '/region "global" is not a GCP or AWS region name'],
  ]
  // The SDK refuses what breaks the contract before any rule runs (contract first).
  const breaksContract: Array<[string, unknown, string]> = [
    ['a severity off the scale', { ...signal, severity: 'critical' }, 'breaks its contract: /severity Expected union value'],
    ['a contract the pack does not know', { ...price, contract: 'forecast.v1' }, 'breaks its contract: /contract must name one of signal.v1, telemetry.v1'],
    ['something that is not an object', 'us-east4 is down', 'breaks its contract: /contract must name one of signal.v1, telemetry.v1'],
  ]

  it.each(broken)('refuses %s, saying which rule', async (_, record, why) => {
    const [verdict] = await validate([JSON.parse(JSON.stringify(record)) as unknown])
    expect(verdict).toMatchObject({ isValid: false, reason: `spot-rules: 1 rule broken, first ${why}` })
  })

  it.each(breaksContract)('refuses %s as breaking its contract, before any rule', async (_, record, reason) => {
    const [verdict] = await validate([JSON.parse(JSON.stringify(record)) as unknown])
    expect(verdict).toMatchObject({ isValid: false, reason })
  })

  it('passes the records those were made from, and lists every rule a record breaks', async () => {
    const verdicts = await validate([signal, price, available, { ...signal, summary: ' ', region: 'mars', timestamp: '2999-01-01T00:00:00Z', endTimestamp: undefined }])
    expect(verdicts.slice(0, 3).map((verdict) => verdict.isValid)).toEqual([true, true, true])
    expect(verdicts[3]).toMatchObject({
      isValid: false, reason: 'spot-rules: 3 rules broken, first /timestamp 2999-01-01T00:00:00Z is in the future',
      issues: [
        { path: '/timestamp', message: '2999-01-01T00:00:00Z is in the future' },
        { path: '/region', message: '"mars" is not a GCP or AWS region name, multi-region nor "global"' },
        { path: '/summary', message: 'is empty' },
      ],
    })
  })
})

describe('the spot-rules adapter, as committed', () => {
  it('is the bundle and manifest its source builds to, so the recorded sha512 is honest', async () => {
    expect(await isBuildCurrent(folder)).toEqual({ isBundleCurrent: true, isManifestCurrent: true })
  })
})
