import type { AetherRecord } from '../contracts/record.js'

/** One delivery of a batch of records. */
export interface BusMessage {
  readonly subject: string
  /** Message id used for deduplication: by default a hash of the record ids in the batch. */
  readonly id: string
  readonly records: AetherRecord[]
  readonly headers: Readonly<Record<string, string>>
  /** 1 on the first delivery, 2 on the first redelivery, ... */
  readonly deliveryCount: number
}

/** Options of one publication. */
export interface PublishOptions {
  /** Overrides the message id; messages with an id seen within the dedup window are dropped. */
  msgId?: string
  headers?: Record<string, string>
}

/** What happened to a publication. */
export interface PublishResult {
  /** True when the bus had already accepted a message with the same id. */
  isDuplicate: boolean
}

/**
 * How a durable consumer reads a subject. Subscriptions that share a `durable` name share the
 * work (queue semantics); each durable name sees every message once it is created.
 */
export interface ConsumeOptions {
  durable: string
  /** Deliveries in flight per subscription before the bus waits for acks (backpressure). */
  maxInFlight?: number
  /** Deliveries before a message goes to the dead-letter subject. */
  maxDeliver?: number
  /** Delay before each redelivery; the last value repeats. */
  backoffMs?: number[]
  /** How long a delivery may stay unacknowledged before it is redelivered (distributed buses). */
  ackWaitMs?: number
}

/**
 * Handles one delivery. Resolving acknowledges the message; throwing (or rejecting) asks for a
 * redelivery after the backoff, up to `maxDeliver`, after which the message is dead-lettered
 * with the error message as its reason.
 */
export type MessageHandler = (message: BusMessage) => Promise<void>

/** A durable consumer a deployment needs, with the options its subscriptions will use. */
export interface ConsumerDeclaration extends ConsumeOptions {
  subject: string
}

/** Names a durable consumer of a subject. */
export type ConsumerRef = Pick<ConsumerDeclaration, 'subject' | 'durable'>

/** A running subscription. */
export interface Subscription {
  /** Stops taking new deliveries and waits for the ones in flight. Idempotent. */
  stop(): Promise<void>
}

/** The backlog of one durable consumer: what the bus can say about lag. */
export interface ConsumerBacklog {
  subject: string
  durable: string
  /** Messages not yet delivered. */
  pending: number
  /** Messages delivered and not yet acknowledged. */
  inFlight: number
  redeliveries: number
  deadLettered: number
  /** Deliveries acknowledged so far: a counter, for throughput. */
  acknowledged: number
}

/**
 * The message bus stages talk over. In one process it is the InProcessBus; across processes,
 * a JetStream-backed bus with the same semantics. Messages carry batches of records.
 */
export interface Bus {
  /** Publishes a batch. Waits while the subject is full: a slow consumer slows its producers. */
  publish(subject: string, records: AetherRecord[], options?: PublishOptions): Promise<PublishResult>
  /**
   * Creates durable consumers ahead of their subscriptions, so that what is published before a
   * consumer's process starts is kept for it. Idempotent; every process of a deployment may call it.
   */
  declare(consumers: ConsumerDeclaration[]): Promise<void>
  consume(subject: string, options: ConsumeOptions, handler: MessageHandler): Promise<Subscription>
  /**
   * The backlog of every durable consumer this bus declared or consumes, for progress, lag
   * metrics and completion checks. Given consumers, the backlog of those of them that exist
   * (on the server, for a distributed bus, whoever created them) and nothing for the others:
   * it creates nothing, so a read-only look such as `aether status` leaves no trace.
   */
  backlog(of?: ConsumerRef[]): Promise<ConsumerBacklog[]>
  /** Stops every subscription (draining in-flight work) and refuses new publications. Idempotent. */
  close(): Promise<void>
}

/**
 * The kernel's `bus` configuration, which a bus plugin honours so that every bus behaves alike
 * (docs/architecture.md, "The bus").
 */
export interface BusSettings {
  /** Messages a subject holds before publishers wait. */
  maxMessagesPerSubject: number
  /** How long a message id is remembered to drop a repeat. */
  dedupWindowMs: number
  /** Deliveries before a message is dead-lettered. */
  maxDeliver: number
  /** Deliveries in flight per subscription. */
  maxInFlight: number
}

/** The subject a message goes to when it has failed `maxDeliver` times. */
export function deadLetterSubject(subject: string): string {
  return `dead.${subject}`
}

/** The subjects of the standard pipeline. */
export const subjects = {
  raw: 'signals.raw',
  valid: 'signals.valid',
  invalid: 'signals.invalid',
  enriched: 'signals.enriched',
  forecasts: 'forecasts',
  decisions: 'decisions',
} as const
