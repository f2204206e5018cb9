import type { AetherRecord, BusMessage, ConsumeOptions, Logger, MessageHandler, Subscription } from '@aether/plugin-api'
import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream'
import { decodeBatch } from './batch-codec.js'

/** Counters of one durable consumer in this process. */
export interface ConsumerCounters {
  redeliveries: number
  deadLettered: number
}

/** What a subscription needs from its bus. */
export interface SubscriptionHost {
  logger: Logger
  /** Publishes a failed message to the dead-letter subject. */
  deadLetter(message: BusMessage, reason: string): Promise<void>
  logicalSubject(wireSubject: string): string
}

const idHeader = 'Nats-Msg-Id'

/**
 * One process's share of a durable pull consumer: pulls at most `maxInFlight` messages at a time,
 * keeps each alive with progress acks while its handler runs (so only a dead process lets the ack
 * wait expire), acks on success, and on failure asks for a redelivery after the backoff or, after
 * `maxDeliver` deliveries, dead-letters the message with the reason.
 */
export class NatsSubscription implements Subscription {
  readonly #inFlight = new Set<Promise<void>>()
  #messages: ConsumerMessages | undefined
  #loop: Promise<void> | undefined
  #isStopping = false

  constructor(
    private readonly host: SubscriptionHost,
    private readonly settings: Required<Pick<ConsumeOptions, 'maxInFlight' | 'maxDeliver' | 'backoffMs'>> & { ackWaitMs: number },
    private readonly counters: ConsumerCounters,
    private readonly handler: MessageHandler,
  ) {}

  async start(consumer: Consumer): Promise<void> {
    this.#messages = await consumer.consume({ max_messages: this.settings.maxInFlight, expires: 5_000 })
    this.#loop = this.#run(this.#messages)
  }

  async stop(): Promise<void> {
    if (this.#isStopping) return this.#loop
    this.#isStopping = true
    this.#messages?.stop()
    await this.#loop
  }

  async #run(messages: ConsumerMessages): Promise<void> {
    for await (const message of messages) {
      // Messages the client had already pulled when the subscription stopped go straight back.
      if (this.#isStopping) {
        message.nak()
        continue
      }
      while (this.#inFlight.size >= this.settings.maxInFlight) await Promise.race(this.#inFlight)
      const settled = this.#handle(message).finally(() => this.#inFlight.delete(settled))
      this.#inFlight.add(settled)
    }
    await Promise.all(this.#inFlight)
  }

  async #handle(message: JsMsg): Promise<void> {
    const decoded = decodeBatch(message.data)
    const busMessage = toBusMessage(message, this.host.logicalSubject(message.subject), decoded.records)
    if (decoded.problem !== undefined) {
      // No delivery will ever decode it: keep it as a dead letter at once.
      await this.#deadLetter(message, busMessage, `undecodable message: ${decoded.problem}`)
      return
    }
    if (busMessage.deliveryCount > 1) {
      this.counters.redeliveries += 1
      this.host.logger.info({ subject: busMessage.subject, id: busMessage.id, delivery: busMessage.deliveryCount }, 'handling a redelivered message')
    }
    const { maxDeliver, backoffMs, ackWaitMs } = this.settings
    if (busMessage.deliveryCount > maxDeliver) {
      // Every earlier delivery went unacknowledged: the process handling it died or hung each time.
      await this.#deadLetter(message, busMessage, `not acknowledged in ${maxDeliver} deliveries (the consuming process stopped or timed out each time)`)
      return
    }
    const progress = setInterval(() => message.working(), Math.max(ackWaitMs / 3, 200))
    try {
      await this.handler(busMessage)
      message.ack()
      this.host.logger.debug({ subject: busMessage.subject, id: busMessage.id, seq: message.seq, delivery: busMessage.deliveryCount, records: busMessage.records.length }, 'handled')
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error)
      if (busMessage.deliveryCount >= maxDeliver) {
        await this.#deadLetter(message, busMessage, reason)
      } else {
        message.nak(backoffMs[Math.min(busMessage.deliveryCount - 1, backoffMs.length - 1)] ?? 0)
      }
    } finally {
      clearInterval(progress)
    }
  }

  async #deadLetter(message: JsMsg, busMessage: BusMessage, reason: string): Promise<void> {
    try {
      await this.host.deadLetter(busMessage, reason)
      this.counters.deadLettered += 1
      message.ack()
    } catch (error) {
      // Not dead-lettered, so not acknowledged either: it comes back after the backoff.
      this.host.logger.warn({ err: error, subject: busMessage.subject, id: busMessage.id }, 'could not dead-letter a message; it will be redelivered')
      message.nak(this.settings.backoffMs.at(-1) ?? 1_000)
    }
  }
}

function toBusMessage(message: JsMsg, subject: string, records: AetherRecord[]): BusMessage {
  const headers: Record<string, string> = {}
  for (const key of message.headers?.keys() ?? []) {
    if (key !== idHeader) headers[key] = message.headers?.get(key) ?? ''
  }
  // The wire id is qualified with its subject (see NatsBus.publish).
  const wireId = message.headers?.get(idHeader) ?? ''
  return {
    subject,
    id: wireId.startsWith(`${subject}/`) ? wireId.slice(subject.length + 1) : String(message.seq),
    records,
    headers,
    deliveryCount: message.info.deliveryCount,
  }
}
