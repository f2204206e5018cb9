import { createLogger } from '@aether/core'
import { Value } from '@sinclair/typebox/value'
import { describe, expect, it } from 'vitest'
import { NatsBusConfig } from '../../src/config.js'
import { connectNatsBus } from '../../src/nats-bus.js'
import { startNatsServer } from '../nats-test-server.js'

const settings = { maxMessagesPerSubject: 64, dedupWindowMs: 120_000, maxDeliver: 5, maxInFlight: 2 }
const logger = createLogger({ level: 'silent' })
const configFor = (url: string): NatsBusConfig => Value.Default(NatsBusConfig, { servers: [url] }) as NatsBusConfig

describe('connecting the NATS bus to a real nats-server', () => {
  it('refuses to start when no server listens, naming the address and what to do', async () => {
    await expect(connectNatsBus(configFor('nats://127.0.0.1:1'), settings, logger)).rejects.toThrow(
      /^NATS at nats:\/\/127\.0\.0\.1:1 could not be reached \(.+\); start nats-server with JetStream \(-js\) or fix "servers"/)
  })

  it('refuses to start on a server without JetStream, saying how to enable it', async () => {
    const server = await startNatsServer({ jetstream: false })
    try {
      await expect(connectNatsBus(configFor(server.url), settings, logger)).rejects.toThrow(
        `NATS at ${server.url} runs without JetStream; start nats-server with -js (and a store directory with -sd).`)
    } finally {
      await server.close()
    }
  })

  it('refuses a subject NATS cannot carry', async () => {
    const server = await startNatsServer()
    const bus = await connectNatsBus(configFor(server.url), settings, logger)
    try {
      await expect(bus.publish('signals.with space', [])).rejects.toThrow(
        '"signals.with space" cannot be used as a NATS subject or durable name: use dot-separated tokens of letters, digits, "_" and "-".')
    } finally {
      await bus.close()
      await server.close()
    }
  })
})
