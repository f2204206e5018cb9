import { subjects, type Logger } from '@aether/plugin-api'
import { connectNatsBus, NatsBusConfig, type NatsBus } from '@aether/plugin-bus-nats'
import { Value } from '@sinclair/typebox/value'
import type { ForecastOutbox } from './forecast-outbox.js'

/** What the link reports as it goes: the agent prints these as JSON lines. */
export type LinkEvent = { event: 'bus'; state: 'connected' | 'unreachable'; detail?: string } | { event: 'sent'; count: number; pending: number }

// The kernel's default bus settings (core's aether-config): the agent shares the pipeline's streams.
const busSettings = { maxMessagesPerSubject: 64, dedupWindowMs: 120_000, maxDeliver: 5, maxInFlight: 2 }
const batchSize = 50
const idleMs = 50
const reconnectMs = 500
// A publication held this long means the server is not answering: said once, then waited out.
const unreachableAfterMs = 2_000

/**
 * Sends the outbox to the pipeline's `forecasts` subject, oldest first, one batch at a time; a
 * batch leaves the outbox only when JetStream acknowledged it. While NATS is down the bus client
 * reconnects and the publication waits (NatsBus waits out an unavailable server). A batch is sent
 * again unchanged until acknowledged, even after a restart (the journal keeps its ids), so its
 * message id makes a retry after a lost acknowledgement a duplicate JetStream drops.
 */
export class BusLink {
  #bus: NatsBus | undefined
  #isStopped = false
  #state: 'connected' | 'unreachable' | undefined
  #loop: Promise<void> | undefined

  constructor(
    private readonly options: { servers: string[]; deployment: string; storage: 'file' | 'memory' },
    private readonly outbox: ForecastOutbox,
    private readonly logger: Logger,
    private readonly report: (event: LinkEvent) => void,
  ) {}

  start(): void {
    this.#loop ??= this.#run()
  }

  /** Stops sending; whatever is still in the outbox stays there. */
  async stop(): Promise<void> {
    this.#isStopped = true
    await this.#bus?.close().catch(() => undefined)
    await this.#loop
  }

  async #run(): Promise<void> {
    while (!this.#isStopped) {
      const bus = this.#bus ?? await this.#connect()
      if (bus === undefined) {
        await sleep(reconnectMs)
        continue
      }
      const batch = this.outbox.take(batchSize)
      if (batch.length === 0) {
        await sleep(idleMs)
        continue
      }
      try {
        await this.#whileSaying(bus.publish(subjects.forecasts, batch))
      } catch (error) {
        if (this.#isStopped) return
        this.logger.warn({ err: error }, 'a forecast batch was not published; it stays in the outbox, to be sent again as it is')
        await sleep(reconnectMs)
        continue
      }
      this.outbox.acknowledge()
      this.#say('connected')
      this.report({ event: 'sent', count: batch.length, pending: this.outbox.size })
    }
  }

  async #connect(): Promise<NatsBus | undefined> {
    const config = Value.Default(NatsBusConfig, {
      servers: this.options.servers, deployment: this.options.deployment, storage: this.options.storage, publishTimeoutMs: 1_000,
    }) as NatsBusConfig
    try {
      this.#bus = await connectNatsBus(config, busSettings, this.logger)
      this.#say('connected')
      return this.#bus
    } catch (error) {
      this.#say('unreachable', (error as Error).message)
      return undefined
    }
  }

  /** Awaits a publication, saying the bus is unreachable if it is held too long. */
  async #whileSaying(publication: Promise<unknown>): Promise<void> {
    const timer = setTimeout(() => this.#say('unreachable', `no acknowledgement within ${unreachableAfterMs} ms`), unreachableAfterMs)
    try {
      await publication
    } finally {
      clearTimeout(timer)
    }
  }

  #say(state: 'connected' | 'unreachable', detail?: string): void {
    if (this.#state === state) return
    this.#state = state
    this.report(detail === undefined ? { event: 'bus', state } : { event: 'bus', state, detail })
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}
