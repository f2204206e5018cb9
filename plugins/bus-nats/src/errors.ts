import { defineError } from '@aether/plugin-api'

/** A subject or durable name that NATS cannot carry. */
export const InvalidSubject = defineError('AETHER_E_BUS_SUBJECT',
  (name: string) =>
    `"${name}" cannot be used as a NATS subject or durable name: use dot-separated tokens of letters, digits, "_" and "-".`)

/** NATS could not be reached when the bus started. */
export const NatsUnreachable = defineError('AETHER_E_BUS_UNREACHABLE',
  (servers: string, problem: string) =>
    `NATS at ${servers} could not be reached (${problem}); start nats-server with JetStream (-js) or fix "servers" in the bus-nats plugin configuration.`)

/** The NATS server runs without JetStream. */
export const JetStreamDisabled = defineError('AETHER_E_BUS_NO_JETSTREAM',
  (servers: string) =>
    `NATS at ${servers} runs without JetStream; start nats-server with -js (and a store directory with -sd).`)
