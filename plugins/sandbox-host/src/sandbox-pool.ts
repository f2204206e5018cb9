import type { Logger } from '@aether/plugin-api'
import type { CapabilityHandler } from './capabilities/call-capabilities.js'
import { SandboxHostStopped } from './errors.js'
import type { ChildOutcome } from './protocol.js'
import { SandboxChild, type CallInput } from './sandbox-child.js'

interface QueuedCall {
  input: CallInput
  capabilities: CapabilityHandler | undefined
  resolve(outcome: ChildOutcome): void
  reject(error: unknown): void
}

/**
 * A fixed number of supervised sandbox processes. Calls wait in order for a free process; a
 * process that dies (killed at a deadline, or crashed by what it ran) is replaced at once, so a
 * hostile adapter costs one process and the kernel process only ever forks and waits.
 */
export class SandboxPool {
  readonly #children = new Set<SandboxChild>()
  readonly #idle: SandboxChild[] = []
  readonly #queue: QueuedCall[] = []
  #starting = 0
  #isStopped = false
  #stopping: Promise<void> | undefined

  constructor(readonly size: number, private readonly logger: Logger) {}

  /** Starts every process; rejects with AETHER_E_SANDBOX_HOST_UNAVAILABLE if one cannot start. */
  async start(): Promise<void> {
    const missing = this.size - this.#children.size - this.#starting
    await Promise.all(Array.from({ length: missing }, () => this.#spawn()))
  }

  /** The ids of the live sandbox processes (a killed one is gone at once, before its exit is seen). */
  pids(): number[] {
    return [...this.#children].filter((child) => child.isAlive).map((child) => child.pid)
  }

  /** Runs one call in the next free process. Rejects only when the host stops or cannot start processes. */
  run(input: CallInput, capabilities?: CapabilityHandler): Promise<ChildOutcome> {
    if (this.#isStopped) return Promise.reject(new SandboxHostStopped([input.adapterName]))
    return new Promise((resolve, reject) => {
      this.#queue.push({ input, capabilities, resolve, reject })
      this.#drain()
      this.#fill()
    })
  }

  /** Kills every process and refuses what still waits. Idempotent. */
  stop(): Promise<void> {
    this.#stopping ??= (async () => {
      this.#isStopped = true
      for (const call of this.#queue.splice(0)) call.reject(new SandboxHostStopped([call.input.adapterName]))
      const children = [...this.#children]
      for (const child of children) child.kill()
      await Promise.all(children.map((child) => child.exited))
    })()
    return this.#stopping
  }

  #fill(): void {
    if (this.#isStopped) return
    for (let count = this.#children.size + this.#starting; count < this.size; count += 1) {
      this.#spawn().catch((error: unknown) => {
        this.logger.error({ err: error }, 'a sandbox process could not start')
        // With no process left to run them, waiting calls would wait for ever.
        if (this.#children.size === 0 && this.#starting === 0) for (const call of this.#queue.splice(0)) call.reject(error)
      })
    }
  }

  async #spawn(): Promise<void> {
    this.#starting += 1
    let child: SandboxChild
    try {
      child = await SandboxChild.start()
    } finally {
      this.#starting -= 1
    }
    if (this.#isStopped) {
      child.kill()
      return
    }
    this.#children.add(child)
    void child.exited.then(() => {
      this.#children.delete(child)
      const index = this.#idle.indexOf(child)
      if (index >= 0) this.#idle.splice(index, 1)
      if (!this.#isStopped) {
        this.logger.warn({ pid: child.pid }, 'a sandbox process ended; starting a replacement')
        this.#fill()
      }
    })
    this.#idle.push(child)
    this.#drain()
  }

  #drain(): void {
    while (this.#idle.length > 0 && this.#queue.length > 0) {
      const child = this.#idle.shift() as SandboxChild
      const call = this.#queue.shift() as QueuedCall
      void child.call(call.input, call.capabilities).then((outcome) => {
        call.resolve(outcome)
        if (child.isAlive && !this.#isStopped) {
          this.#idle.push(child)
          this.#drain()
        }
      })
    }
  }
}
