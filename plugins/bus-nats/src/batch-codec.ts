import type { AetherRecord } from '@aether/plugin-api'
import { RecordTooLarge } from './errors.js'

/** A batch ready to publish: its message id and its JSON payload. */
export interface EncodedBatch {
  id: string
  payload: Uint8Array
}

const encoder = new TextEncoder()

/**
 * Encodes a batch of records as one JSON message, splitting it in halves (recursively, so
 * deterministically) when it would not fit the server's payload limit. Each part gets the batch
 * id with its position, so a part published again is still recognised as a duplicate.
 */
export function encodeBatch(id: string, records: AetherRecord[], maxBytes: number): EncodedBatch[] {
  const payload = encoder.encode(JSON.stringify(records))
  if (payload.byteLength <= maxBytes) return [{ id, payload }]
  if (records.length === 1) {
    throw new RecordTooLarge([records[0]?.id ?? '?', payload.byteLength, maxBytes])
  }
  const middle = Math.ceil(records.length / 2)
  return [
    ...encodeBatch(`${id}.0`, records.slice(0, middle), maxBytes),
    ...encodeBatch(`${id}.1`, records.slice(middle), maxBytes),
  ]
}

/** What a message payload holds: its records, or why it holds none. */
export type DecodedBatch = { records: AetherRecord[]; problem?: undefined } | { records: AetherRecord[]; problem: string }

// As much of an undecodable payload as is kept with its dead letter.
const keptPayloadChars = 100_000

/**
 * The records of a message payload. A payload that is not a JSON array of records (another
 * publisher on the subject, a corrupted message) comes back as one stand-in record holding the
 * payload's text, with the problem, so it can be dead-lettered and kept rather than dropped.
 */
export function decodeBatch(payload: Uint8Array): DecodedBatch {
  const text = Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8')
  let problem: string
  try {
    const value: unknown = JSON.parse(text)
    if (Array.isArray(value) && value.every((record) => typeof record === 'object' && record !== null && !Array.isArray(record))) {
      return { records: value as AetherRecord[] }
    }
    problem = 'the payload is JSON but not an array of records'
  } catch (error) {
    problem = `the payload is not JSON (${(error as Error).message})`
  }
  // No tenant: whoever stores it files it under the deployment's own tenant.
  const standIn = { id: '', contract: 'undecodable', payload: text.slice(0, keptPayloadChars) }
  return { records: [standIn as unknown as AetherRecord], problem }
}
