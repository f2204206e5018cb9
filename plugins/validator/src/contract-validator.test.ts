import { createContractRegistry, createLogger, recordId } from '@aether/core'
import { describe, expect, it } from 'vitest'
import { ContractValidator } from './contract-validator.js'

const context = { tenant: 't', traceId: 'test', logger: createLogger({ level: 'silent' }), signal: new AbortController().signal }
const validator = new ContractValidator(createContractRegistry(), new Set(['signal.v1', 'telemetry.v1']))

function telemetry(overrides: Record<string, unknown> = {}) {
  const header = { source: 'gcp-pricing', sourceEventId: 'n4-standard-4/africa-south1/2024-04-11T19:57:15Z/spot', contract: 'telemetry.v1' }
  return {
    ...header, id: recordId(header), tenant: 't', timestamp: '2024-04-11T19:57:15Z', region: 'africa-south1',
    pool: 'n4-standard-4', metric: 'spot_price_usd_hour', value: 0.07, ...overrides,
  }
}

describe('ContractValidator', () => {
  it('routes a record that follows its contract as valid, unchanged', async () => {
    const record = telemetry()
    expect(await validator.validateBatch([record], context)).toEqual([{ isValid: true, record }])
  })

  it('routes a record that breaks its contract as invalid, with the reason and the original', async () => {
    const record = telemetry({ value: null })
    const [verdict] = await validator.validateBatch([record], context)
    expect(verdict).toEqual({
      isValid: false, record, reason: 'does not match telemetry.v1: /value Expected number',
      issues: [{ path: '/value', message: 'Expected number' }],
    })
  })

  it('routes a record storage cannot hold as invalid, naming the field: NUL or a lone surrogate in any text', async () => {
    for (const [field, value] of [['pool', 'n4-standard\u00004'], ['region', 'africa-south1\uD800']] as const) {
      const [verdict] = await validator.validateBatch([telemetry({ [field]: value })], context)
      expect(verdict).toMatchObject({
        isValid: false,
        reason: `does not match telemetry.v1: /${field} Text holds NUL or a lone surrogate, which storage cannot hold`,
        issues: [{ path: `/${field}` }],
      })
    }
  })

  it('counts the other problems in the reason', async () => {
    const [verdict] = await validator.validateBatch([telemetry({ value: 'x', region: '' })], context)
    expect(verdict?.isValid === false && verdict.reason).toMatch(/\(and \d+ more\)$/)
  })

  it('refuses a contract it does not accept here, even a known one', async () => {
    const [verdict] = await validator.validateBatch([{ ...telemetry(), contract: 'forecast.v1' }], context)
    expect(verdict).toMatchObject({ isValid: false, reason: 'contract "forecast.v1" is not accepted here' })
  })

  it('refuses a record whose id is not the hash of its source, event id and contract', async () => {
    const [verdict] = await validator.validateBatch([telemetry({ id: 'a'.repeat(32) })], context)
    expect(verdict).toMatchObject({ isValid: false, reason: 'id does not match the hash of source, sourceEventId and contract' })
  })

  it('refuses anything that is not a record', async () => {
    const verdicts = await validator.validateBatch([null, 'text', [1]], context)
    expect(verdicts.map((v) => v.isValid === false && v.reason)).toEqual(['not a record', 'not a record', 'not a record'])
  })

  it('gives one verdict per record, in order, without failing the batch', async () => {
    const batch = [telemetry(), telemetry({ value: null }), telemetry()]
    expect((await validator.validateBatch(batch, context)).map((v) => v.isValid)).toEqual([true, false, true])
  })

  it('refuses to accept a contract that is not registered', () => {
    expect(() => new ContractValidator(createContractRegistry(), new Set(['signal.v7']))).toThrow(
      'Cannot accept contract "signal.v7": it is not registered')
  })
})
