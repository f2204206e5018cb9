import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { findUnstorable, isStorableText, maxStorableDepth, storableText, toStorableJson } from './storable.js'

describe('storable values', () => {
  it('holds ordinary text, emoji (surrogate pairs) and every non-NUL code point', () => {
    expect(isStorableText('Compute Engine – capacity 🚀 ü')).toBe(true)
    fc.assert(fc.property(fc.string({ unit: 'grapheme' }), (text) => {
      expect(isStorableText(text)).toBe(!text.includes('\u0000'))
    }))
  })

  it('refuses NUL and lone surrogates, high or low', () => {
    for (const text of ['a\u0000b', 'a\uD800', '\uDC00b', 'x\uDBFFy']) expect(isStorableText(text)).toBe(false)
  })

  it('names the path of the first value storage cannot hold', () => {
    expect(findUnstorable({ region: 'ok', tags: ['fine', 'bad\u0000'] })).toEqual({
      path: '/tags/1', message: 'Text holds NUL or a lone surrogate, which storage cannot hold',
    })
    expect(findUnstorable({ value: Number.NaN })).toEqual({ path: '/value', message: 'NaN has no JSON form' })
    expect(findUnstorable({ ['k\u0000']: 1 })?.path).toBe('/k\\u0000')
    expect(findUnstorable({ region: 'us-east1', value: 1e308, nested: { list: [null, true] } })).toBeUndefined()
  })

  it('refuses nesting deeper than the limit', () => {
    let deep: unknown = 'leaf'
    for (let level = 0; level < maxStorableDepth + 1; level += 1) deep = [deep]
    expect(findUnstorable(deep)?.message).toBe(`Nested deeper than ${maxStorableDepth} levels`)
  })

  it('escapes what storage cannot hold in descriptive text, and leaves storable text alone', () => {
    expect(storableText('path /a\u0000b')).toBe('path /a\\u0000b')
    expect(storableText('lone \uD800!')).toBe('lone \\ud800!')
    expect(storableText('plain')).toBe('plain')
  })

  it('gives JSON text that is itself storable and parses back to the value', () => {
    fc.assert(fc.property(fc.jsonValue(), fc.string(), (value, text) => {
      const payload = { value, text, nul: `${text}\u0000` }
      const json = toStorableJson(payload)
      expect(isStorableText(json)).toBe(true)
      expect(JSON.parse(json)).toEqual(JSON.parse(JSON.stringify(payload)))
    }))
    expect(JSON.parse(toStorableJson({ value: Number.POSITIVE_INFINITY }))).toEqual({ value: 'Infinity' })
  })

  it('says why a value has no JSON form instead of failing', () => {
    const cyclic: Record<string, unknown> = {}
    cyclic.self = cyclic
    expect(JSON.parse(toStorableJson(cyclic))).toMatch(/^\[no JSON form: /)
  })
})
