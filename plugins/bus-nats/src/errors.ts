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

/** One record is larger, as JSON, than a NATS message may carry. */
export const RecordTooLarge = defineError('AETHER_E_BUS_RECORD_TOO_LARGE',
  (recordId: string, bytes: number, maxBytes: number) =>
    `Record ${recordId} is ${bytes} bytes as JSON, more than the ${maxBytes} bytes a NATS message may carry here; ` +
    'make the record smaller, or raise the server\'s max_payload (nats-server -max_payload / max_payload in its config).')
