import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batchId, recordId } from './record-id.js'

const parts = fc.record({ source: fc.string(), sourceEventId: fc.string(), contract: fc.string() })

describe('recordId', () => {
  it('is 32 lower-case hex characters', () => {
    fc.assert(fc.property(parts, (p) => {
      expect(recordId(p)).toMatch(/^[0-9a-f]{32}$/)
    }))
  })

  it('gives the same id for the same source, event id and contract, on every replay', () => {
    fc.assert(fc.property(parts, (p) => {
      expect(recordId({ ...p })).toBe(recordId(p))
    }))
  })

  it('tells apart parts that only differ in where one ends and the next begins', () => {
    expect(recordId({ source: 'ab', sourceEventId: 'c', contract: 'x' }))
      .not.toBe(recordId({ source: 'a', sourceEventId: 'bc', contract: 'x' }))
  })

  it('changes with the contract, so a v2 record of the same event is a new record', () => {
    fc.assert(fc.property(parts, fc.string(), (p, other) => {
      fc.pre(other !== p.contract)
      expect(recordId({ ...p, contract: other })).not.toBe(recordId(p))
    }))
  })

  // The expected value is sha256("gcp-status\0evX7KURnrjFU2BcHWxM7/us-east4\0signal.v1"), first 32 hex digits.
  it('matches a known value, so ids stay stable across releases', () => {
    expect(recordId({ source: 'gcp-status', sourceEventId: 'evX7KURnrjFU2BcHWxM7/us-east4', contract: 'signal.v1' }))
      .toBe('80f9c938045f13312093c65cfddefc1f')
  })
})

describe('batchId', () => {
  it('depends on the ids and their order', () => {
    expect(batchId(['a', 'b'])).toBe(batchId(['a', 'b']))
    expect(batchId(['a', 'b'])).not.toBe(batchId(['b', 'a']))
  })
})
