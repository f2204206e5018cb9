import { describe, expect, it } from 'vitest'
import { numberOrNull, parseCsv } from './csv.js'

describe('parseCsv', () => {
  it('keys each row by the header line', () => {
    expect(parseCsv('zone,price\nus-east-1a,0.1\nus-east-1b,0.2\n')).toEqual([
      { zone: 'us-east-1a', price: '0.1' }, { zone: 'us-east-1b', price: '0.2' },
    ])
  })

  it('keeps commas inside quoted fields', () => {
    expect(parseCsv('product,price\n"Linux/UNIX, Amazon VPC",0.1\n')).toEqual([{ product: 'Linux/UNIX, Amazon VPC', price: '0.1' }])
  })

  it('reads a doubled quote inside a quoted field as one quote', () => {
    expect(parseCsv('note,price\n"the ""spot"" price",0.1\n')).toEqual([{ note: 'the "spot" price', price: '0.1' }])
  })

  it('reads CRLF line endings, also inside a quoted field', () => {
    expect(parseCsv('note,price\r\n"two\r\nlines",0.1\r\nplain,0.2\r\n')).toEqual([
      { note: 'two\r\nlines', price: '0.1' }, { note: 'plain', price: '0.2' },
    ])
  })

  it('drops a byte-order mark before the header', () => {
    expect(parseCsv('\uFEFFzone,price\nus-east-1a,0.1\n')).toEqual([{ zone: 'us-east-1a', price: '0.1' }])
  })

  it('skips empty lines, reads missing cells as empty and ignores cells past the header', () => {
    expect(parseCsv('zone,price\n\nus-east-1a\nus-east-1b,0.2,extra\n')).toEqual([
      { zone: 'us-east-1a', price: '' }, { zone: 'us-east-1b', price: '0.2' },
    ])
  })

  it('reads a file with only a header, or nothing, as no rows', () => {
    expect(parseCsv('zone,price\n')).toEqual([])
    expect(parseCsv('')).toEqual([])
  })

  it('refuses an unclosed quote, naming the line', () => {
    expect(() => parseCsv('zone,price\n"us-east-1a,0.1\n')).toThrow(/line 2/)
  })
})

describe('numberOrNull', () => {
  it('reads a number, and an empty or non-numeric cell as null', () => {
    expect([numberOrNull('0.1482'), numberOrNull(''), numberOrNull(' '), numberOrNull('n/a'), numberOrNull(undefined)]).toEqual([0.1482, null, null, null, null])
  })
})
