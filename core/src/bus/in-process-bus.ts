import { setTimeout as sleep } from 'node:timers/promises'
import {
  type AetherRecord, batchId, BusClosed, type Bus, type BusMessage, type ConsumeOptions, type ConsumerBacklog,
  type ConsumerDeclaration, type ConsumerRef, deadLetterSubject, type MessageHandler, type PublishOptions, type PublishResult,
  type Subscription,
} from '@aether/plugin-api'

/** Limits of an InProcessBus. */
export interface InProcessBusOptions {
  /** Messages (batches) a subject holds before publishers wait. */
  maxMessagesPerSubject?: number
  /** How long a message id is remembered for deduplication. */
  dedupWindowMs?: number
}

interface StoredMessage {
  seq: number
  id: string
  records: AetherRecord[]
  headers: Record<string, string>
  /** Durable consumers that have not acknowledged it yet. */
  awaitingAcks: number
}

const defaultConsume = { maxInFlight: 1, maxDeliver: 5, backoffMs: [100, 1_000, 5_000] }

/**
 * A bus inside one process with the semantics of the distributed one: durable consumers that
 * share work, ack or redelivery with backoff, dead-lettering after `maxDeliver`, dedup by
 * message id, and bounded subjects so that a slow stage slows its producers.
 *
 * A message is kept until every durable consumer of its subject acknowledged it; a subject with
 * no consumer yet keeps what is published to it (up to its bound).
 */
export class InProcessBus implements Bus {
  readonly #streams = new Map<string, SubjectStream>()
  readonly #maxMessages: number
  readonly #dedupWindowMs: number
  #isClosed = false

  constructor(options: InProcessBusOptions = {}) {
    this.#maxMessages = options.maxMessagesPerSubject ?? 64
    this.#dedupWindowMs = options.dedupWindowMs ?? 120_000
  }

  async publish(subject: string, records: AetherRecord[], options: PublishOptions = {}): Promise<PublishResult> {
    const id = options.msgId ?? batchId(records.map((record) => record.id))
    // A closed bus refuses every publication, a repeated one too: "duplicate" would claim it is kept.
    this.#assertOpen(subject)
    const stream = this.#stream(subject)
    if (stream.isDuplicate(id)) return { isDuplicate: true }
    // Dead letters are never blocked: the message that failed must not wait behind a full subject.
    if (!subject.startsWith('dead.')) {
      while (stream.size >= this.#maxMessages) {
        this.#assertOpen(subject)
        await stream.capacityFreed()
      }
    }
    this.#assertOpen(subject)
    // A concurrent publisher of the same id may have got in while this one waited.
    if (stream.isDuplicate(id)) return { isDuplicate: true }
    stream.append(id, records, options.headers ?? {})
    return { isDuplicate: false }
  }

  async declare(consumers: ConsumerDeclaration[]): Promise<void> {
    for (const { subject, durable } of consumers) {
      this.#assertOpen(subject)
      this.#consumer(subject, durable)
    }
  }

  async consume(subject: string, options: ConsumeOptions, handler: MessageHandler): Promise<Subscription> {
    this.#assertOpen(subject)
    return this.#consumer(subject, options.durable).subscribe(handler, { ...defaultConsume, ...options })
  }

  async backlog(of?: ConsumerRef[]): Promise<ConsumerBacklog[]> {
    const all = [...this.#streams.values()].flatMap((stream) => stream.backlog())
    return of === undefined ? all : all.filter((b) => of.some((ref) => ref.subject === b.subject && ref.durable === b.durable))
  }

  async close(): Promise<void> {
    if (this.#isClosed) return
    this.#isClosed = true
    await Promise.all([...this.#streams.values()].map((stream) => stream.close()))
  }

  #stream(subject: string): SubjectStream {
    let stream = this.#streams.get(subject)
    if (stream === undefined) {
      stream = new SubjectStream(subject, this.#dedupWindowMs)
      this.#streams.set(subject, stream)
    }
    return stream
  }

  #consumer(subject: string, durable: string): DurableConsumer {
    return this.#stream(subject).consumer(durable, (message, reason) =>
      this.publish(deadLetterSubject(subject), message.records, {
        msgId: `dead:${message.id}`,
        headers: { ...message.headers, reason, subject, deliveries: String(message.deliveryCount) },
      }).then(() => undefined))
  }

  #assertOpen(subject: string): void {
    if (this.#isClosed) throw new BusClosed([subject])
  }
}

type DeadLetter = (message: BusMessage, reason: string) => Promise<void>

/** One subject's messages, its durable consumers and its dedup window (per subject, as in JetStream). */
class SubjectStream {
  readonly #messages = new Map<number, StoredMessage>()
  readonly #consumers = new Map<string, DurableConsumer>()
  readonly #seenIds = new Map<string, number>()
  #waiters: Array<() => void> = []
  #nextSeq = 1

  constructor(readonly subject: string, private readonly dedupWindowMs: number) {}

  isDuplicate(id: string): boolean {
    const now = Date.now()
    // Map keeps insertion order, which is expiry order: prune from the front.
    for (const [seenId, expiresAt] of this.#seenIds) {
      if (expiresAt > now) break
      this.#seenIds.delete(seenId)
    }
    return this.#seenIds.has(id)
  }

  get size(): number {
    return this.#messages.size
  }

  append(id: string, records: AetherRecord[], headers: Record<string, string>): void {
    this.#seenIds.set(id, Date.now() + this.dedupWindowMs)
    const message = { seq: this.#nextSeq++, id, records, headers, awaitingAcks: this.#consumers.size }
    this.#messages.set(message.seq, message)
    for (const consumer of this.#consumers.values()) consumer.enqueue(message.seq)
  }

  message(seq: number): StoredMessage | undefined {
    return this.#messages.get(seq)
  }

  acknowledge(seq: number): void {
    const message = this.#messages.get(seq)
    if (message === undefined) return
    message.awaitingAcks -= 1
    if (message.awaitingAcks > 0) return
    this.#messages.delete(seq)
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }

  capacityFreed(): Promise<void> {
    return new Promise((resolve) => this.#waiters.push(resolve))
  }

  consumer(durable: string, deadLetter: DeadLetter): DurableConsumer {
    let consumer = this.#consumers.get(durable)
    if (consumer === undefined) {
      consumer = new DurableConsumer(this, durable, deadLetter)
      this.#consumers.set(durable, consumer)
      // A new durable consumer starts with everything the subject still holds.
      for (const message of this.#messages.values()) {
        message.awaitingAcks += 1
        consumer.enqueue(message.seq)
      }
    }
    return consumer
  }

  backlog(): ConsumerBacklog[] {
    return [...this.#consumers.values()].map((consumer) => consumer.backlog())
  }

  async close(): Promise<void> {
    await Promise.all([...this.#consumers.values()].map((consumer) => consumer.close()))
    const waiters = this.#waiters
    this.#waiters = []
    for (const wake of waiters) wake()
  }
}

interface SubscriptionState {
  handler: MessageHandler
  settings: Required<Pick<ConsumeOptions, 'maxInFlight' | 'maxDeliver' | 'backoffMs'>>
  inFlight: number
  isStopped: boolean
  settled: Set<Promise<void>>
}

class DurableConsumer {
  /** Sequence numbers ready for delivery, in order. */
  #ready: number[] = []
  readonly #deliveries = new Map<number, number>()
  readonly #subscriptions: SubscriptionState[] = []
  #waitingRedelivery = 0
  #inFlight = 0
  #redeliveries = 0
  #deadLettered = 0
  #acknowledged = 0
  #nextSubscription = 0

  constructor(
    private readonly stream: SubjectStream,
    readonly durable: string,
    private readonly deadLetter: DeadLetter,
  ) {}

  enqueue(seq: number): void {
    this.#ready.push(seq)
    this.#dispatch()
  }

  subscribe(handler: MessageHandler, settings: SubscriptionState['settings']): Subscription {
    const state: SubscriptionState = { handler, settings, inFlight: 0, isStopped: false, settled: new Set() }
    this.#subscriptions.push(state)
    this.#dispatch()
    return {
      stop: async () => {
        state.isStopped = true
        const index = this.#subscriptions.indexOf(state)
        if (index >= 0) this.#subscriptions.splice(index, 1)
        while (state.settled.size > 0) await Promise.all(state.settled)
      },
    }
  }

  backlog(): ConsumerBacklog {
    return {
      subject: this.stream.subject,
      durable: this.durable,
      pending: this.#ready.length + this.#waitingRedelivery,
      inFlight: this.#inFlight,
      redeliveries: this.#redeliveries,
      deadLettered: this.#deadLettered,
      acknowledged: this.#acknowledged,
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#subscriptions].map(async (state) => {
      state.isStopped = true
      while (state.settled.size > 0) await Promise.all(state.settled)
    }))
    this.#subscriptions.length = 0
  }

  #dispatch(): void {
    while (this.#ready.length > 0) {
      const state = this.#pickSubscription()
      if (state === undefined) return
      const seq = this.#ready.shift() as number
      const message = this.stream.message(seq)
      if (message === undefined) continue
      this.#deliver(state, message)
    }
  }

  /** Round robin over subscriptions with room, so that several workers share the work. */
  #pickSubscription(): SubscriptionState | undefined {
    for (let tried = 0; tried < this.#subscriptions.length; tried++) {
      const state = this.#subscriptions[this.#nextSubscription++ % this.#subscriptions.length]
      if (state !== undefined && !state.isStopped && state.inFlight < state.settings.maxInFlight) return state
    }
    return undefined
  }

  #deliver(state: SubscriptionState, stored: StoredMessage): void {
    const deliveryCount = (this.#deliveries.get(stored.seq) ?? 0) + 1
    this.#deliveries.set(stored.seq, deliveryCount)
    const message: BusMessage = {
      subject: this.stream.subject, id: stored.id, records: stored.records, headers: stored.headers, deliveryCount,
    }
    state.inFlight += 1
    this.#inFlight += 1
    const settled = Promise.resolve()
      .then(() => state.handler(message))
      .then(
        () => this.#acknowledge(stored.seq),
        (error: unknown) => this.#reject(state, message, stored.seq, error),
      )
      .finally(() => {
        state.inFlight -= 1
        this.#inFlight -= 1
        state.settled.delete(settled)
        this.#dispatch()
      })
    state.settled.add(settled)
  }

  #acknowledge(seq: number): void {
    this.#acknowledged += 1
    this.#deliveries.delete(seq)
    this.stream.acknowledge(seq)
  }

  async #reject(state: SubscriptionState, message: BusMessage, seq: number, error: unknown): Promise<void> {
    const reason = error instanceof Error ? error.message : String(error)
    if (message.deliveryCount >= state.settings.maxDeliver) {
      this.#deadLettered += 1
      await this.deadLetter(message, reason)
      this.#acknowledge(seq)
      return
    }
    this.#redeliveries += 1
    const { backoffMs } = state.settings
    const delayMs = backoffMs[Math.min(message.deliveryCount - 1, backoffMs.length - 1)] ?? 0
    this.#waitingRedelivery += 1
    void sleep(delayMs).then(() => {
      this.#waitingRedelivery -= 1
      // Back at the front: a redelivery keeps its place in the order.
      this.#ready.unshift(seq)
      this.#dispatch()
    })
  }
}
