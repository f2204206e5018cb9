/** One version's live scores over its sliding window. */
export interface VersionScores {
  version: string
  /** Resolved outcomes in the window. */
  outcomes: number
  /** Mean squared error of the probabilities against the measured outcomes; NaN without outcomes. */
  brier: number
  /** Mean negative log likelihood (probabilities clipped to 1e-6..1-1e-6); NaN without outcomes. */
  logLoss: number
  /** Batches timed in the window. */
  batches: number
  /** 99th percentile of batch wall time (nearest rank); NaN without batches. */
  p99LatencyMs: number
}

/** A fixed-size ring of the latest values. */
class Ring {
  readonly #values: number[] = []
  #next = 0
  constructor(private readonly size: number) {}

  push(value: number): void {
    if (this.#values.length < this.size) this.#values.push(value)
    else this.#values[this.#next] = value
    this.#next = (this.#next + 1) % this.size
  }

  get values(): readonly number[] {
    return this.#values
  }
}

/** Sliding-window Brier score, log loss and p99 latency of one model version. */
export class LiveScores {
  readonly #squaredErrors: Ring
  readonly #logLosses: Ring
  readonly #latencies: Ring

  constructor(readonly version: string, windowSize: number) {
    this.#squaredErrors = new Ring(windowSize)
    this.#logLosses = new Ring(windowSize)
    this.#latencies = new Ring(windowSize)
  }

  /** Adds a forecast's probability once its outcome (1: the pool lost capacity within the horizon) is measured. */
  addOutcome(probability: number, outcome: 0 | 1): void {
    this.#squaredErrors.push((probability - outcome) ** 2)
    const clipped = Math.min(1 - 1e-6, Math.max(1e-6, probability))
    this.#logLosses.push(-Math.log(outcome === 1 ? clipped : 1 - clipped))
  }

  /** Adds the wall time of one batch. */
  addLatency(ms: number): void {
    this.#latencies.push(ms)
  }

  /** The scores over the current window. */
  scores(): VersionScores {
    const latencies = [...this.#latencies.values].sort((a, b) => a - b)
    return {
      version: this.version,
      outcomes: this.#squaredErrors.values.length,
      brier: mean(this.#squaredErrors.values),
      logLoss: mean(this.#logLosses.values),
      batches: latencies.length,
      p99LatencyMs: latencies.length === 0 ? Number.NaN : latencies[Math.ceil(0.99 * latencies.length) - 1] as number,
    }
  }
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? Number.NaN : values.reduce((sum, value) => sum + value, 0) / values.length
}
