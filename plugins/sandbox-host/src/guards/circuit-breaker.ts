import type { BreakerConfig } from './breaker-config.js'
import type { Clock } from './utc-day.js'

export type BreakerState = 'closed' | 'open' | 'half-open'

/** A change of state, with why. */
export interface BreakerTransition {
  adapter: string
  from: BreakerState
  to: BreakerState
  /** Epoch ms. */
  at: number
  reason: string
}

/** Whether a call may go to the sandbox now. */
export type Admission = { isAdmitted: true; isProbe: boolean } | { isAdmitted: false; reason: string }

/**
 * One adapter's circuit breaker. Closed, it lets every call through and counts failed calls in
 * a row; at the threshold it opens. Open, it refuses every call until the cool-down has passed,
 * then turns half-open: exactly one call goes through as a probe while the others are still
 * refused. The probe's success closes it; its failure opens it for another cool-down.
 * Only calls that reached the sandbox count: a refusal is no evidence about the adapter.
 */
export class CircuitBreaker {
  #state: BreakerState = 'closed'
  #failuresInRow = 0
  #openedAt = 0
  #openReason = ''
  #isProbing = false

  constructor(
    readonly adapter: string,
    private readonly config: BreakerConfig,
    private readonly onTransition: (transition: BreakerTransition) => void,
    private readonly now: Clock = () => Date.now(),
  ) {}

  get state(): BreakerState {
    return this.#state
  }

  /** Asks to make a call; an admitted call must be followed by exactly one succeeded() or failed(). */
  admit(): Admission {
    if (this.#state === 'open' && this.now() - this.#openedAt >= this.config.coolDownMs) {
      this.#move('half-open', `cool-down of ${this.config.coolDownMs} ms passed; one probe call goes through`)
    }
    if (this.#state === 'closed') return { isAdmitted: true, isProbe: false }
    if (this.#state === 'half-open' && !this.#isProbing) {
      this.#isProbing = true
      return { isAdmitted: true, isProbe: true }
    }
    const retryAt = new Date(this.#openedAt + this.config.coolDownMs).toISOString()
    return {
      isAdmitted: false,
      reason: this.#state === 'open'
        ? `circuit breaker of adapter "${this.adapter}" is open (${this.#openReason}); a probe call goes through after ${retryAt}`
        : `circuit breaker of adapter "${this.adapter}" is half-open and a probe call is running`,
    }
  }

  succeeded(): void {
    this.#failuresInRow = 0
    if (this.#state === 'half-open') {
      this.#isProbing = false
      this.#move('closed', 'the probe call succeeded')
    }
  }

  failed(code: string): void {
    this.#failuresInRow += 1
    if (this.#state === 'half-open') {
      this.#isProbing = false
      this.#open(`the probe call failed with ${code}`)
    } else if (this.#state === 'closed' && this.#failuresInRow >= this.config.consecutiveFailures) {
      this.#open(`${this.#failuresInRow} failed calls in a row, the last with ${code}`)
    }
  }

  /** An admitted call ended without an outcome (the host stopped): a probe may be tried again. */
  abandoned(): void {
    this.#isProbing = false
  }

  #open(reason: string): void {
    this.#openedAt = this.now()
    this.#openReason = reason
    this.#move('open', reason)
  }

  #move(to: BreakerState, reason: string): void {
    const from = this.#state
    this.#state = to
    this.onTransition({ adapter: this.adapter, from, to, at: this.now(), reason })
  }
}
