import { describe, expect, it } from 'vitest'
import { decisionOf } from './sandboxed-policy.js'

const keyed = { id: 'f'.repeat(32), tenant: 'lab' }
const decision = { action: 'migrate', confidence: 0.8, policy: 'p@1', explanation: 'P=0.9 is above 0.5' } as const

describe('decisionOf: a policy adapter output record as an item result', () => {
  it('takes the decision.v1 fields, without the id and tenant', () => {
    expect(decisionOf({ ...keyed, ...decision }, 0)).toEqual({ isOk: true, value: decision })
  })

  it('takes the adapter\'s own error for one forecast', () => {
    expect(decisionOf({ ...keyed, error: 'stale forecast' }, 0)).toEqual({ isOk: false, error: 'stale forecast' })
  })

  it('fails only this forecast, naming the field, when a field breaks decision.v1', () => {
    for (const [output, path] of [
      [{ ...keyed, ...decision, action: 'panic' }, '/action'],
      [{ ...keyed, ...decision, confidence: -1 }, '/confidence'],
      [{ ...keyed, ...decision, explanation: '' }, '/explanation'],
      [{ ...keyed, action: 'hold', confidence: 1, policy: 'p@1' }, '/explanation'],
    ] as const) {
      const result = decisionOf(output, 1)
      expect(result.isOk).toBe(false)
      expect(!result.isOk && result.error).toMatch(new RegExp(`^AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 1 is not a decision: ${path}`))
    }
  })
})
