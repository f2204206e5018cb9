import type { AetherRecord } from '@aether/core'

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
    throw new Error(`Record ${records[0]?.id ?? '?'} is ${payload.byteLength} bytes as JSON, more than the ${maxBytes} bytes a NATS message may carry here`)
  }
  const middle = Math.ceil(records.length / 2)
  return [
    ...encodeBatch(`${id}.0`, records.slice(0, middle), maxBytes),
    ...encodeBatch(`${id}.1`, records.slice(middle), maxBytes),
  ]
}

/** The records of a message payload. */
export function decodeBatch(payload: Uint8Array): AetherRecord[] {
  return JSON.parse(Buffer.from(payload.buffer, payload.byteOffset, payload.byteLength).toString('utf8')) as AetherRecord[]
}
