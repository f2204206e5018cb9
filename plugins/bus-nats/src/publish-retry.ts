import { JetStreamApiError } from '@nats-io/jetstream'
import pRetry from 'p-retry'

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

/** What `retryWhileHeld` waits out, and what it does between attempts. */
export interface HoldPolicy {
  /** True for the holds to wait out; any other failure is thrown at once. */
  waitsOut(hold: PublishHold): boolean
  /** Runs after each attempt that is waited out, before the pause (`attemptNumber` counts from 1). */
  onHold?(hold: PublishHold, attemptNumber: number): void | Promise<void>
}

/**
 * Runs `work` until it succeeds, for as long as NATS holds it off: the bus waits, as the
 * in-process bus does, rather than give up. The pause doubles from 5 ms to half a second: short for
 * a full subject that drains fast, bounded for a server that is restarting.
 */
export function retryWhileHeld<T>(work: () => Promise<T>, policy: HoldPolicy): Promise<T> {
  const heldBy = (error: unknown): PublishHold | undefined => {
    const hold = publishHold(error)
    return hold !== undefined && policy.waitsOut(hold) ? hold : undefined
  }
  return pRetry(work, {
    retries: Number.POSITIVE_INFINITY,
    factor: 2,
    minTimeout: 5,
    maxTimeout: 500,
    onFailedAttempt: async ({ error, attemptNumber }) => {
      const hold = heldBy(error)
      if (hold !== undefined) await policy.onHold?.(hold, attemptNumber)
    },
    shouldRetry: ({ error }) => heldBy(error) !== undefined,
  })
}
