import {
  batchId, BusClosed, deadLetterSubject, type AetherRecord, type Bus, type BusMessage, type BusSettings,
  type ConsumeOptions, type ConsumerBacklog, type ConsumerDeclaration, type ConsumerRef, type Logger, type MessageHandler,
  type PublishOptions, type PublishResult, type Subscription,
} from '@aether/plugin-api'
import {
  jetstream, JetStreamApiCodes, JetStreamApiError, jetstreamManager, type JetStreamClient, type JetStreamManager,
} from '@nats-io/jetstream'
import { connect, headers as natsHeaders, type NatsConnection } from '@nats-io/transport-node'
import { encodeBatch } from './batch-codec.js'
import type { NatsBusConfig } from './config.js'
import { JetStreamDisabled, NatsUnreachable } from './errors.js'
import { JetStreamTopology } from './jetstream-topology.js'
import { NatsNames } from './nats-names.js'
import { NatsSubscription, type ConsumerCounters } from './nats-subscription.js'
import { retryWhileHeld } from './publish-retry.js'

const missingCodes = new Set<number>([JetStreamApiCodes.ConsumerNotFound, JetStreamApiCodes.StreamNotFound])

// Room for the headers (trace id, dead-letter reason) next to the records.
const headerAllowanceBytes = 16 * 1024

interface KnownConsumer extends ConsumerCounters {
  subject: string
  durable: string
  maxDeliver: number
}

/** Connects to NATS and returns a bus over JetStream; fails at once, with a clear error, if it cannot. */
export async function connectNatsBus(config: NatsBusConfig, settings: BusSettings, logger: Logger): Promise<NatsBus> {
  const where = config.servers.join(', ')
  let connection: NatsConnection
  try {
    connection = await connect({
      servers: config.servers,
      name: `aether-${config.deployment}-${process.pid}`,
      // A long-lived bus rides out server restarts: it reconnects for as long as it runs.
      maxReconnectAttempts: -1,
      reconnectTimeWait: 250,
    })
  } catch (error) {
    throw new NatsUnreachable([where, (error as Error).message], { cause: error })
  }
  let jsm: JetStreamManager
  try {
    jsm = await jetstreamManager(connection)
  } catch (error) {
    await connection.close()
    throw new JetStreamDisabled([where], { cause: error })
  }
  return new NatsBus(connection, jsm, config, settings, logger)
}

/**
 * The bus across processes: subjects live in JetStream streams (one per subject family), durable
 * pull consumers share work between every process that consumes them, and the in-process bus's
 * rules hold: dedup by message id, redelivery with backoff, dead letters with the reason, and
 * publishers that wait while a subject is full. See docs/architecture.md for the mapping.
 */
export class NatsBus implements Bus {
  readonly #names: NatsNames
  readonly #topology: JetStreamTopology
  readonly #js: JetStreamClient
  readonly #consumers = new Map<string, KnownConsumer>()
  readonly #subscriptions = new Set<NatsSubscription>()
  #isClosed = false

  constructor(
    private readonly connection: NatsConnection,
    private readonly jsm: JetStreamManager,
    private readonly config: NatsBusConfig,
    private readonly settings: BusSettings,
    private readonly logger: Logger,
  ) {
    this.#names = new NatsNames(config.deployment)
    this.#js = jetstream(connection, { timeout: config.publishTimeoutMs })
    this.#topology = new JetStreamTopology(jsm, this.#names, {
      maxMessagesPerSubject: settings.maxMessagesPerSubject,
      dedupWindowMs: settings.dedupWindowMs,
      ackWaitMs: config.ackWaitMs,
      storage: config.storage,
      replicas: config.replicas,
    })
    void this.#watchConnection()
  }

  /** The deployment's name, which prefixes its subjects and streams. */
  get deployment(): string {
    return this.config.deployment
  }

  async publish(subject: string, records: AetherRecord[], options: PublishOptions = {}): Promise<PublishResult> {
    this.#assertOpen(subject)
    const wire = this.#names.wire(subject)
    await this.#topology.ensureStream(subject)
    const id = options.msgId ?? batchId(records.map((record) => record.id))
    const maxBytes = (this.connection.info?.max_payload ?? 1_048_576) - headerAllowanceBytes
    let isDuplicate = true
    for (const part of encodeBatch(id, records, maxBytes)) {
      const headers = natsHeaders()
      for (const [key, value] of Object.entries(options.headers ?? {})) headers.set(key, headerValue(value))
      // JetStream dedups per stream, which holds a whole subject family: qualify the id with its subject.
      const ack = await this.#publishUntilAccepted(subject, wire, part.payload, `${subject}/${part.id}`, headers)
      this.logger.debug({ subject, id: part.id, seq: ack.seq, duplicate: ack.duplicate }, 'published')
      isDuplicate &&= ack.duplicate
    }
    return { isDuplicate }
  }

  async declare(consumers: ConsumerDeclaration[]): Promise<void> {
    for (const { subject, durable, maxDeliver } of consumers) {
      this.#assertOpen(subject)
      const known = this.#known(subject, durable, maxDeliver ?? this.settings.maxDeliver)
      await this.#topology.ensureConsumer(subject, durable, known.maxDeliver)
    }
  }

  async consume(subject: string, options: ConsumeOptions, handler: MessageHandler): Promise<Subscription> {
    this.#assertOpen(subject)
    const settings = {
      maxInFlight: options.maxInFlight ?? 1,
      maxDeliver: options.maxDeliver ?? this.settings.maxDeliver,
      backoffMs: options.backoffMs ?? this.config.backoffMs,
      ackWaitMs: options.ackWaitMs ?? this.config.ackWaitMs,
    }
    await this.#topology.ensureConsumer(subject, options.durable, settings.maxDeliver)
    const consumer = await this.#js.consumers.get(this.#names.stream(subject), this.#names.consumer(subject, options.durable))
    const subscription = new NatsSubscription({
      logger: this.logger,
      logicalSubject: (wire) => this.#names.logical(wire),
      deadLetter: (message, reason) => this.#deadLetter(subject, message, reason),
    }, settings, this.#known(subject, options.durable, settings.maxDeliver), handler)
    await subscription.start(consumer)
    this.#subscriptions.add(subscription)
    return {
      stop: async () => {
        this.#subscriptions.delete(subscription)
        await subscription.stop()
      },
    }
  }

  async backlog(of?: ConsumerRef[]): Promise<ConsumerBacklog[]> {
    const consumers = of === undefined ? [...this.#consumers.values()] : of
    const found = await Promise.all(consumers.map(async ({ subject, durable }) => {
      const info = await this.#untilAnswered(() =>
        this.jsm.consumers.info(this.#names.stream(subject), this.#names.consumer(subject, durable)))
        .catch((error: unknown) => {
          // Asked about a consumer by name: one that does not exist has no backlog (and is not created).
          if (of !== undefined && error instanceof JetStreamApiError && missingCodes.has(error.code)) return undefined
          throw error
        })
      if (info === undefined) return undefined
      const known = this.#consumers.get(`${subject}\0${durable}`)
      return {
        subject,
        durable,
        pending: info.num_pending,
        inFlight: info.num_ack_pending,
        redeliveries: known?.redeliveries ?? info.num_redelivered,
        deadLettered: known?.deadLettered ?? 0,
        acknowledged: info.ack_floor.consumer_seq,
      }
    }))
    return found.filter((backlog) => backlog !== undefined)
  }

  async close(): Promise<void> {
    if (this.#isClosed) return
    await Promise.all([...this.#subscriptions].map((subscription) => subscription.stop()))
    this.#subscriptions.clear()
    this.#isClosed = true
    await this.connection.drain().catch(() => this.connection.close())
  }

  #known(subject: string, durable: string, maxDeliver: number): KnownConsumer {
    const key = `${subject}\0${durable}`
    let consumer = this.#consumers.get(key)
    if (consumer === undefined) {
      consumer = { subject, durable, maxDeliver, redeliveries: 0, deadLettered: 0 }
      this.#consumers.set(key, consumer)
    }
    return consumer
  }

  #publishUntilAccepted(
    subject: string, wire: string, payload: Uint8Array, msgID: string, headers: ReturnType<typeof natsHeaders>,
  ): Promise<{ seq: number; duplicate: boolean }> {
    // A publication that timed out may have been stored: the same msgID makes the retry a no-op.
    return retryWhileHeld(async () => {
      this.#assertOpen(subject)
      return await this.#js.publish(wire, payload, { msgID, headers })
    }, {
      waitsOut: () => true,
      onHold: async (hold, attemptNumber) => {
        if (hold === 'no-stream') {
          this.#topology.forget()
          await this.#topology.ensureStream(subject).catch(() => undefined)
        }
        if (hold !== 'full' && attemptNumber % 20 === 1) {
          this.logger.warn({ subject, hold, attempt: attemptNumber }, 'NATS did not accept a publication; retrying')
        }
      },
    })
  }

  async #deadLetter(subject: string, message: BusMessage, reason: string): Promise<void> {
    await this.publish(deadLetterSubject(subject), message.records, {
      msgId: `dead:${message.id}`,
      headers: { ...message.headers, reason, subject, deliveries: String(message.deliveryCount) },
    })
  }

  /** Retries a management request while the server is away, so that progress and status survive a restart. */
  #untilAnswered<T>(request: () => Promise<T>): Promise<T> {
    return retryWhileHeld(request, { waitsOut: (hold) => !this.#isClosed && hold === 'unavailable' })
  }

  /** After a reconnect the server may have lost memory streams: create them again on next use. */
  async #watchConnection(): Promise<void> {
    for await (const status of this.connection.status()) {
      if (status.type === 'disconnect') this.logger.warn({ server: status.server }, 'lost the connection to NATS; reconnecting')
      if (status.type === 'reconnect') {
        this.logger.info({ server: status.server }, 'reconnected to NATS')
        this.#topology.forget()
        await Promise.all([...this.#consumers.values()].map((consumer) =>
          this.#topology.ensureConsumer(consumer.subject, consumer.durable, consumer.maxDeliver).catch(() => undefined)))
      }
    }
  }

  #assertOpen(subject: string): void {
    if (this.#isClosed) throw new BusClosed([subject])
  }
}

/** NATS header values are one line. */
function headerValue(value: string): string {
  return value.replace(/[\r\n]+/g, ' ')
}
