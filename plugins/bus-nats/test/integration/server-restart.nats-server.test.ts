import { numberedRecords } from '@aether/core/testing'
import type { BusMessage } from '@aether/plugin-api'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { NatsBus } from '../../src/nats-bus.js'
import { startNatsServer, type NatsTestServer } from '../nats-test-server.js'
import { createTestNatsBus, uniqueDeployment } from '../test-bus.js'

/** On a nats-server of the test's own, stopped (SIGTERM) and started again while the bus runs. */
describe('NatsBus through a restart of the NATS server', () => {
  let nats: NatsTestServer
  const open: NatsBus[] = []

  beforeAll(async () => {
    nats = await startNatsServer()
  })

  afterAll(async () => {
    await Promise.all(open.map((bus) => bus.close()))
    await nats?.close()
  })

  async function restart(): Promise<void> {
    await nats.stop()
    await nats.start()
  }

  async function streamCreatedAt(deployment: string): Promise<string> {
    const connection = await connect({ servers: [nats.url] })
    try {
      return (await (await jetstreamManager(connection)).streams.info(`${deployment}_signals`)).created
    } finally {
      await connection.close()
    }
  }

  /** Consumes `signals.raw` as the validator until `count` records came, then stops. */
  async function receive(bus: NatsBus, count: number): Promise<string[]> {
    const ids: string[] = []
    let resolve: () => void = () => undefined
    const done = new Promise<void>((settle) => { resolve = settle })
    const subscription = await bus.consume('signals.raw', { durable: 'validator' }, async (message: BusMessage) => {
      ids.push(...message.records.map((record) => record.id))
      if (ids.length >= count) resolve()
    })
    await done
    await subscription.stop()
    return ids
  }

  it('file streams: the server brings back the stream and its consumer, which keeps its place; the bus creates neither again', async () => {
    const deployment = uniqueDeployment()
    const bus = await createTestNatsBus({}, nats.url, deployment, 'file')
    open.push(bus)
    await bus.declare([{ subject: 'signals.raw', durable: 'validator' }])
    const [first, second, third] = numberedRecords(1, 2, 3)
    await bus.publish('signals.raw', [first!])
    expect(await receive(bus, 1)).toEqual([first!.id])
    const created = await streamCreatedAt(deployment)
    await restart()
    await bus.publish('signals.raw', [second!])
    await bus.publish('signals.raw', [third!])
    expect(await receive(bus, 2)).toEqual([second!.id, third!.id])
    expect(await streamCreatedAt(deployment)).toBe(created)
  })

  it('memory streams: lost with the server, created again with their consumers, so what is published after the restart is delivered', async () => {
    const deployment = uniqueDeployment()
    const bus = await createTestNatsBus({}, nats.url, deployment, 'memory')
    open.push(bus)
    await bus.declare([{ subject: 'signals.raw', durable: 'validator' }])
    await restart()
    const [record] = numberedRecords(1)
    await bus.publish('signals.raw', [record!])
    expect(await receive(bus, 1)).toEqual([record!.id])
  })
})
