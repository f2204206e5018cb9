import { setTimeout as sleep } from 'node:timers/promises'
import { JetStreamApiError } from '@nats-io/jetstream'

const streamFull = 10077

/** Why a publication has to wait and be tried again. */
export type PublishHold = 'full' | 'no-stream' | 'unavailable'

/**
 * Classifies a failed publication: a full subject (backpressure), a subject with no stream (the
 * server lost it, e.g. a memory store after a restart), or a server that did not answer (down or
 * restarting). Anything else is a real error and is thrown.
 */
export function publishHold(error: unknown): PublishHold | undefined {
  if (error instanceof JetStreamApiError) return error.code === streamFull ? 'full' : undefined
  const name = (error as Error | undefined)?.name
  if (name === 'JetStreamNotEnabled') return 'no-stream'
  if (name === 'TimeoutError' || name === 'ConnectionError' || name === 'RequestError') return 'unavailable'
  return undefined
}

/** Waits longer each time, from 5 ms to half a second: short for a full subject that drains fast. */
export async function holdOff(attempt: number): Promise<void> {
  await sleep(Math.min(5 * 2 ** attempt, 500))
}
