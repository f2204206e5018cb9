import { hostname } from 'node:os'
import { randomUUID } from 'node:crypto'
import type { Logger } from '@aether/plugin-api'
import { certify, type CertifyDependencies } from './certify.js'
import type { SubmissionStore } from './submission-store.js'

/** How a worker claims and retries. */
export interface WorkerOptions {
  /** How long a claim holds without renewal; a worker killed mid-run is replaced after this. */
  leaseMs: number
  /** How often to look for work when there is none. */
  pollMs: number
  /** Claims of one submission before it is rejected as one that kills its workers. */
  maxAttempts: number
}

/** Defaults: a one-minute lease (a run takes about a second), a look every second, three tries. */
export const defaultWorkerOptions: WorkerOptions = { leaseMs: 60_000, pollMs: 1_000, maxAttempts: 3 }

/**
 * Takes submissions one at a time, judges each out of the request path and records the decision
 * under its lease. `stop` lets the current one finish.
 */
export class SubmissionWorker {
  readonly owner = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`
  #running: Promise<void> | undefined
  #isStopping = false
  #wake: (() => void) | undefined

  constructor(
    private readonly submissions: SubmissionStore,
    private readonly deps: CertifyDependencies,
    private readonly logger: Logger,
    private readonly options: WorkerOptions = defaultWorkerOptions,
  ) {}

  /** Starts the loop (idempotent). */
  start(): void {
    this.#isStopping = false
    this.#running ??= this.#loop().finally(() => { this.#running = undefined })
  }

  /** Looks for work now instead of at the next poll (after a publish). */
  poke(): void {
    this.#wake?.()
  }

  /** Stops after the submission in hand (idempotent). */
  async stop(): Promise<void> {
    this.#isStopping = true
    this.#wake?.()
    await this.#running
  }

  /** Judges the next waiting submission, if any; true when there was one. */
  async runOnce(): Promise<boolean> {
    const claimed = await this.submissions.claim(this.owner, this.options.leaseMs)
    if (claimed === undefined) return false
    const id = `${claimed.package}@${claimed.version}`
    if (claimed.attempts > this.options.maxAttempts) {
      await this.submissions.decide(claimed.id, this.owner, {
        state: 'rejected', report: null, reportSha512: null,
        problem: `${claimed.attempts - 1} workers stopped while judging it (killed, out of memory or timed out); it is not tried again`,
      })
      this.logger.warn({ submission: claimed.id, adapter: id }, 'submission rejected after repeated worker losses')
      return true
    }
    this.logger.info({ submission: claimed.id, adapter: id, attempt: claimed.attempts }, 'judging submission')
    const renewal = setInterval(() => {
      void this.submissions.renew(claimed.id, this.owner, this.options.leaseMs).catch(() => undefined)
    }, Math.max(50, Math.floor(this.options.leaseMs / 3)))
    try {
      const decision = await certify(claimed, this.deps)
      const isRecorded = await this.submissions.decide(claimed.id, this.owner, decision)
      if (isRecorded) this.logger.info({ submission: claimed.id, adapter: id, state: decision.state }, 'submission decided')
      else this.logger.warn({ submission: claimed.id, adapter: id }, 'lease lost before the decision; another worker judges it')
    } finally {
      clearInterval(renewal)
    }
    return true
  }

  async #loop(): Promise<void> {
    while (!this.#isStopping) {
      const hadWork = await this.runOnce().catch((error: unknown) => {
        // The lease runs out and another attempt follows; nothing is lost.
        this.logger.error({ err: error }, 'judging a submission failed; it will be retried after its lease')
        return false
      })
      if (hadWork || this.#isStopping) continue
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, this.options.pollMs)
        this.#wake = () => { clearTimeout(timer); resolve() }
      })
      this.#wake = undefined
    }
  }
}
