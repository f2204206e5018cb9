import { fileURLToPath } from 'node:url'
import { createContractRegistry, createLogger, recordId, type DraftRecord } from '@aether/core'
import { ContractValidator } from '@aether/plugin-validator'
import { describe, expect, it } from 'vitest'
import { ReplaySource } from './replay-source.js'

const fixtures = fileURLToPath(new URL('../test/fixtures/', import.meta.url))
const context = { tenant: 't', traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }

async function readAll(source: ReplaySource): Promise<DraftRecord[]> {
  const all: DraftRecord[] = []
  for await (const batch of source.read(context)) all.push(...batch)
  return all
}

describe('ReplaySource', () => {
  const source = new ReplaySource('history', [
    { format: 'aws-spot-price-history', path: 'aws-spot-price-history.csv' },
    { format: 'gcp-incidents', path: 'gcp-incidents.json' },
    { format: 'spot-trace', path: 'spot-trace.json', start: '2023-04-22T00:00:00Z', region: 'us-east-1', zone: 'us-east-1c', pool: 'p3.2xlarge' },
  ], fixtures)

  it('merges every input into one stream in time order', async () => {
    const times = (await readAll(source)).map((draft) => Date.parse(String(draft.timestamp)))
    expect(times).toEqual([...times].sort((a, b) => a - b))
    expect(times).toHaveLength(3 + 3 + 12)
  })

  it('tells how many records it will produce', async () => {
    expect(await source.estimateCount()).toBe(18)
  })

  it('produces records that pass the contract validator once stamped', async () => {
    const validator = new ContractValidator(createContractRegistry(), new Set(['signal.v1', 'telemetry.v1']))
    const stamped = (await readAll(source)).map((draft) => ({ ...draft, tenant: 't', id: recordId(draft) }))
    const verdicts = await validator.validateBatch(stamped, context)
    expect(verdicts.filter((verdict) => !verdict.isValid)).toEqual([])
  })

  it('says which file it cannot read and in which format', async () => {
    const missing = new ReplaySource('broken', [{ format: 'gcp-incidents', path: 'nope.json' }], fixtures)
    await expect(missing.estimateCount()).rejects.toThrow(`Cannot replay ${fixtures}nope.json as gcp-incidents: ENOENT`)
    const wrongFormat = new ReplaySource('broken', [{ format: 'gcp-incidents', path: 'gcp-spot-prices.csv' }], fixtures)
    await expect(wrongFormat.estimateCount()).rejects.toThrow(`Cannot replay ${fixtures}gcp-spot-prices.csv as gcp-incidents:`)
  })
})
