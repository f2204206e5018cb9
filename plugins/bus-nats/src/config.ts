import { Type, type Static } from '@sinclair/typebox'

/** Configuration of the NATS JetStream bus plugin. */
export const NatsBusConfig = Type.Object({
  /** NATS server URLs; the client fails over between them and reconnects forever. */
  servers: Type.Array(Type.String({ minLength: 1 }), { minItems: 1, default: ['nats://127.0.0.1:4222'] }),
  /**
   * Name of the deployment: it prefixes every subject and stream, so several pipelines (or test
   * runs) share one NATS server without seeing each other's messages.
   */
  deployment: Type.String({ pattern: '^[A-Za-z0-9_-]{1,64}$', default: 'aether' }),
  /** `file` survives a server restart; `memory` is faster and loses everything on restart. */
  storage: Type.Union([Type.Literal('file'), Type.Literal('memory')], { default: 'file' }),
  /** Stream replicas in a clustered NATS. */
  replicas: Type.Integer({ minimum: 1, maximum: 5, default: 1 }),
  /** How long a delivery may go unacknowledged before another process gets it (a crashed worker's batch). */
  ackWaitMs: Type.Integer({ minimum: 1_000, default: 30_000 }),
  /** How long one publish waits for the server's acknowledgement before it is tried again. */
  publishTimeoutMs: Type.Integer({ minimum: 100, default: 5_000 }),
  /** Delays before each redelivery of a failed batch; the last one repeats. */
  backoffMs: Type.Array(Type.Integer({ minimum: 0 }), { minItems: 1, default: [100, 1_000, 5_000] }),
}, { additionalProperties: false })
export type NatsBusConfig = Static<typeof NatsBusConfig>
