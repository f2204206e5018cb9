import { describe, expect, it } from 'vitest'
import { pairResults, settle } from './pair-results.js'

describe('pairResults', () => {
  const fail = (reason: string) => ({ isOk: false as const, error: reason })

  it('pairs one result per input, in order', () => {
    const pairs = pairResults('enricher:x', ['a', 'b'], [{ isOk: true, value: 1 }, { isOk: true, value: 2 }], fail)
    expect(pairs).toEqual([{ input: 'a', result: { isOk: true, value: 1 } }, { input: 'b', result: { isOk: true, value: 2 } }])
  })

  it('gives every input the coded failure when the counts differ, in either direction', () => {
    for (const results of [[{ isOk: true, value: 1 }], [1, 2, 3].map((value) => ({ isOk: true, value }))]) {
      const pairs = pairResults('policy:p', ['a', 'b'], results, fail)
      expect(pairs.map((pair) => pair.input)).toEqual(['a', 'b'])
      expect(pairs[0]?.result.error).toMatch(`AETHER_E_STAGE_RESULT_COUNT: policy:p returned ${results.length} results for 2 inputs`)
      expect(pairs[1]?.result).toEqual(pairs[0]?.result)
    }
  })

  it('gives every input the coded failure when the reply is not an array', () => {
    const pairs = pairResults('forecaster:f', ['a'], undefined, fail)
    expect(pairs[0]?.result.error).toMatch('forecaster:f returned a undefined instead of an array for 1 inputs')
  })
})

describe('settle', () => {
  it('keeps a success and a failure as they are', () => {
    expect(settle({ isOk: true, value: 3 })).toEqual({ isOk: true, value: 3 })
    expect(settle({ isOk: false, error: 'no rule' })).toEqual({ isOk: false, error: 'no rule' })
  })

  it('turns a result of another shape into a failure that says so', () => {
    for (const malformed of [undefined, null, 7, { value: 1 }, { isOk: 'yes' }]) {
      expect(settle(malformed as never)).toEqual({ isOk: false, error: 'returned a result that is not { isOk, value } or { isOk: false, error }' })
    }
  })
})
