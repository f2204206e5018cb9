import { describe, expect, it } from 'vitest'
import { verdictOf } from './sandboxed-validator.js'

const record = { id: 'a'.repeat(32), tenant: 'lab', contract: 'signal.v1', region: 'us-east1' }

describe('verdictOf: a validator adapter output record as a verdict', () => {
  it('takes "valid" and keeps the host\'s own record, not a copy', () => {
    const verdict = verdictOf(record, { id: '0', tenant: 'lab', valid: true }, 0)
    expect(verdict).toEqual({ isValid: true, record })
    expect(verdict.record).toBe(record)
  })

  it('takes "invalid" with its reason and issues, or with no issues', () => {
    const issues = [{ path: '/region', message: 'unknown region' }]
    expect(verdictOf(record, { id: '0', tenant: 'lab', valid: false, reason: 'bad region', issues }, 0)).toEqual({ isValid: false, record, reason: 'bad region', issues })
    expect(verdictOf(record, { id: '0', tenant: 'lab', valid: false, reason: 'no' }, 0)).toEqual({ isValid: false, record, reason: 'no', issues: [] })
  })

  it('makes a verdict of the wrong shape an invalid one naming the contract violation', () => {
    for (const output of [
      { id: '0', tenant: 'lab', valid: 'yes' },
      { id: '0', tenant: 'lab', valid: true, record: { ...record, region: 'fixed' } },
      { id: '0', tenant: 'lab', valid: false },
      { id: '0', tenant: 'lab', valid: false, reason: 'x', issues: [{ path: 1 }] },
    ]) {
      const verdict = verdictOf(record, output, 3)
      expect(verdict).toMatchObject({ isValid: false, record, issues: [] })
      expect(verdict.isValid === false && verdict.reason).toMatch(/^AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 3 is not a verdict: /)
    }
  })

  it('does not trust "valid" for an input that is not a record with a header', () => {
    for (const input of [null, 7, 'text', [record], { ...record, id: 1 }, { tenant: 'lab', contract: 'signal.v1' }]) {
      const verdict = verdictOf(input, { id: '0', tenant: 'lab', valid: true }, 0)
      expect(verdict).toMatchObject({ isValid: false, record: input })
      expect(verdict.isValid === false && verdict.reason).toMatch(/^AETHER_E_SANDBOX_CONTRACT_VIOLATION: .*without a string id, tenant and contract/)
    }
  })
})
