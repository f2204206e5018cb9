import type { Logger } from '../logger.js'

type Hook = () => Promise<void> | void
type State = 'created' | 'starting' | 'started' | 'stopping' | 'stopped' | 'failed'

/**
 * The kernel's start/stop state machine. start() and stop() are idempotent: calling either again
 * returns the same promise. A failed start runs the stop hooks of what had already registered.
 */
export class Lifecycle {
  state: State = 'created'
  readonly #startHooks: Hook[] = []
  readonly #stopHooks: Array<{ owner: string; hook: Hook }> = []
  #starting: Promise<void> | undefined
  #stopping: Promise<void> | undefined

  start(run: () => Promise<void>): Promise<void> {
    this.#starting ??= (async () => {
      this.state = 'starting'
      try {
        await run()
        this.state = 'started'
      } catch (error) {
        this.state = 'failed'
        await this.runStopHooks(undefined)
        throw error
      }
    })()
    return this.#starting
  }

  stop(run: () => Promise<void>): Promise<void> {
    this.#stopping ??= (async () => {
      // Wait for a start in progress, whatever its outcome, so that stop never races it.
      await this.#starting?.catch(() => undefined)
      this.state = 'stopping'
      await run()
      this.state = 'stopped'
    })()
    return this.#stopping
  }

  addStartHook(hook: Hook): void {
    this.#startHooks.push(hook)
  }

  addStopHook(owner: string, hook: Hook): void {
    this.#stopHooks.push({ owner, hook })
  }

  async runStartHooks(): Promise<void> {
    for (const hook of this.#startHooks) await hook()
  }

  /** Runs stop hooks in reverse order; one failing does not keep the others from running. */
  async runStopHooks(logger: Logger | undefined): Promise<void> {
    const hooks = this.#stopHooks.splice(0).reverse()
    for (const { owner, hook } of hooks) {
      try {
        await hook()
      } catch (error) {
        logger?.error({ err: error, plugin: owner }, 'plugin stop hook failed')
      }
    }
  }
}
