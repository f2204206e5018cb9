import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { batchId, recordId } from './record-id.js'

// Printable text (no NUL, which is the separator; see record-id.ts) from all of Unicode.
const text = fc.string({ unit: 'grapheme' })
const parts = fc.record({ source: text, sourceEventId: text, contract: text })
const partNames = ['source', 'sourceEventId', 'contract'] as const

describe('recordId', () => {
  it('is 32 lower-case hex characters', () => {
    fc.assert(fc.property(parts, (p) => {
      expect(recordId(p)).toMatch(/^[0-9a-f]{32}$/)
    }))
  })

  it('gives the same id for the same source, event id and contract on every replay, whatever else the record holds', () => {
    const otherFields = fc.dictionary(text.filter((key) => !(partNames as readonly string[]).includes(key)), fc.jsonValue())
    fc.assert(fc.property(parts, otherFields, (p, others) => {
      // A replay decodes the event afresh: a new object, its keys in another order, more fields.
      const replayed = JSON.parse(JSON.stringify({ contract: p.contract, ...others, sourceEventId: p.sourceEventId, source: p.source })) as typeof p
      expect(recordId(replayed)).toBe(recordId(p))
    }))
  })

  it('changes when the source, the event id or the contract changes, so a v2 record of the same event is a new record', () => {
    fc.assert(fc.property(parts, fc.constantFrom(...partNames), text, (p, changed, value) => {
      fc.pre(value !== p[changed])
      expect(recordId({ ...p, [changed]: value })).not.toBe(recordId(p))
    }))
  })

  it('tells apart parts that only differ in where one ends and the next begins', () => {
    fc.assert(fc.property(text, text.filter((s) => s.length > 0), text, text, (head, moved, tail, contract) => {
      expect(recordId({ source: head + moved, sourceEventId: tail, contract }))
        .not.toBe(recordId({ source: head, sourceEventId: moved + tail, contract }))
      expect(recordId({ source: contract, sourceEventId: head + moved, contract: tail }))
        .not.toBe(recordId({ source: contract, sourceEventId: head, contract: moved + tail }))
    }))
  })

  it('tells apart parts holding NUL or lone surrogates, which a hostile source may send', () => {
    expect(recordId({ source: 'a\u0000b', sourceEventId: 'c', contract: 'x' })).not.toBe(recordId({ source: 'a', sourceEventId: 'b\u0000c', contract: 'x' }))
    expect(recordId({ source: 's', sourceEventId: '\uD800', contract: 'x' })).not.toBe(recordId({ source: 's', sourceEventId: '\uFFFD', contract: 'x' }))
    const anyText = fc.string({ unit: 'binary' })
    fc.assert(fc.property(anyText, anyText, anyText, anyText, (a, b, c, d) => {
      fc.pre(a !== c || b !== d)
      expect(recordId({ source: a, sourceEventId: b, contract: 'x' })).not.toBe(recordId({ source: c, sourceEventId: d, contract: 'x' }))
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
