import { numberedRecords } from '@aether/core/testing'
import { describe, expect, it } from 'vitest'
import { decodeBatch, encodeBatch } from './batch-codec.js'

describe('encodeBatch', () => {
  it('keeps a batch that fits in one message under its own id', () => {
    const records = numberedRecords(1, 2, 3)
    const [only, ...rest] = encodeBatch('b', records, 10_000)
    expect(rest).toEqual([])
    expect(only?.id).toBe('b')
    expect(decodeBatch(only?.payload ?? new Uint8Array())).toEqual({ records })
  })

  it('splits a batch too large for one message into parts with stable ids, keeping every record in order', () => {
    const records = numberedRecords(...Array.from({ length: 10 }, (_, i) => i))
    const oneRecord = JSON.stringify(records.slice(0, 1)).length
    const parts = encodeBatch('b', records, oneRecord * 3)
    expect(parts.length).toBeGreaterThan(3)
    expect(parts.flatMap((part) => decodeBatch(part.payload).records)).toEqual(records)
    expect(encodeBatch('b', records, oneRecord * 3).map((part) => part.id)).toEqual(parts.map((part) => part.id))
    expect(new Set(parts.map((part) => part.id)).size).toBe(parts.length)
  })

  it('turns a payload that is not a batch of records into one stand-in record with the problem, keeping the text', () => {
    const text = new TextEncoder().encode('{"hello": "world"')
    const decoded = decodeBatch(text)
    expect(decoded.problem).toMatch(/^the payload is not JSON \(.+\)$/)
    expect(decoded.records).toEqual([{ id: '', contract: 'undecodable', payload: '{"hello": "world"' }])
    expect(decodeBatch(new TextEncoder().encode('{"a": 1}')).problem).toBe('the payload is JSON but not an array of records')
  })

  it('refuses a single record larger than a message can carry, naming it', () => {
    const [record] = numberedRecords(7)
    expect(() => encodeBatch('b', [record!], 10)).toThrow(expect.objectContaining({
      code: 'AETHER_E_BUS_RECORD_TOO_LARGE',
      message: expect.stringMatching(/^Record 0+7 is \d+ bytes as JSON, more than the 10 bytes a NATS message may carry here; /),
    }))
  })
})
