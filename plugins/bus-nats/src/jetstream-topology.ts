import {
  AckPolicy, DeliverPolicy, DiscardPolicy, JetStreamApiError, RetentionPolicy, StorageType,
  type ConsumerConfig, type JetStreamManager, type StreamConfig,
} from '@nats-io/jetstream'
import { nanos } from '@nats-io/transport-node'
import type { NatsNames } from './nats-names.js'

/** What shapes the streams and consumers: the kernel's bus settings and the plugin's. */
export interface TopologySettings {
  maxMessagesPerSubject: number
  dedupWindowMs: number
  ackWaitMs: number
  storage: 'file' | 'memory'
  replicas: number
}

const streamConfigConflict = 10058

/**
 * Creates (or brings up to date) the streams and durable consumers a bus uses, once per process.
 * Streams keep a message while a consumer still has to acknowledge it (interest retention) and
 * refuse new messages to a full subject, which is how publishers feel backpressure.
 */
export class JetStreamTopology {
  readonly #streams = new Map<string, Promise<void>>()
  readonly #consumers = new Map<string, Promise<void>>()

  constructor(
    private readonly jsm: JetStreamManager,
    private readonly names: NatsNames,
    private readonly settings: TopologySettings,
  ) {}

  ensureStream(subject: string): Promise<void> {
    const name = this.names.stream(subject)
    let ready = this.#streams.get(name)
    if (ready === undefined) {
      ready = this.#addOrUpdateStream(subject, name)
      this.#streams.set(name, ready)
      ready.catch(() => this.#streams.delete(name))
    }
    return ready
  }

  ensureConsumer(subject: string, durable: string, maxDeliver: number): Promise<void> {
    const name = this.names.consumer(subject, durable)
    let ready = this.#consumers.get(name)
    if (ready === undefined) {
      ready = this.ensureStream(subject).then(() => this.#addConsumer(subject, name, maxDeliver))
      this.#consumers.set(name, ready)
      ready.catch(() => this.#consumers.delete(name))
    }
    return ready
  }

  /** Forgets what was created, so that the next use creates it again (after a server lost it). */
  forget(): void {
    this.#streams.clear()
    this.#consumers.clear()
  }

  async #addOrUpdateStream(subject: string, name: string): Promise<void> {
    const isDeadLetters = this.names.family(subject) === 'dead'
    const config: Partial<StreamConfig> & { name: string } = {
      name,
      subjects: this.names.streamSubjects(subject),
      retention: RetentionPolicy.Interest,
      storage: this.settings.storage === 'file' ? StorageType.File : StorageType.Memory,
      num_replicas: this.settings.replicas,
      // Dead letters are never refused: the message that failed must not wait behind a full subject.
      discard: isDeadLetters ? DiscardPolicy.Old : DiscardPolicy.New,
      discard_new_per_subject: !isDeadLetters,
      max_msgs_per_subject: isDeadLetters ? -1 : this.settings.maxMessagesPerSubject,
      duplicate_window: nanos(Math.max(this.settings.dedupWindowMs, 100)),
    }
    try {
      await this.jsm.streams.add(config)
    } catch (error) {
      if (!(error instanceof JetStreamApiError && error.code === streamConfigConflict)) throw error
      await this.jsm.streams.update(name, config)
    }
  }

  async #addConsumer(subject: string, name: string, maxDeliver: number): Promise<void> {
    const config: Partial<ConsumerConfig> = {
      durable_name: name,
      filter_subject: this.names.wire(subject),
      ack_policy: AckPolicy.Explicit,
      deliver_policy: DeliverPolicy.All,
      ack_wait: nanos(this.settings.ackWaitMs),
      // One delivery more than the bus allows, so that a message whose consumers crashed every time
      // still reaches a process that can dead-letter it (see NatsSubscription).
      max_deliver: maxDeliver >= Number.MAX_SAFE_INTEGER ? -1 : maxDeliver + 1,
      // Shared by every process of the durable; the stream bound keeps the real limit.
      max_ack_pending: Math.max(this.settings.maxMessagesPerSubject, 256),
    }
    const stream = this.names.stream(subject)
    try {
      await this.jsm.consumers.add(stream, config)
    } catch (error) {
      // Servers from 2.10 refuse to re-create a durable with another configuration.
      if (!(error instanceof JetStreamApiError)) throw error
      await this.jsm.consumers.update(stream, name, config)
    }
  }
}
