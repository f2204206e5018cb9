import type { BusMessage } from '@aether/core'
import { until } from '@aether/core/testing'
import { jetstream } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { expect, it } from 'vitest'
import { sharedNatsUrl } from '../nats-test-server.js'
import { createTestNatsBus, deleteDeployment } from '../test-bus.js'

it('dead-letters a message that is not a batch of records at once, keeping its text and the reason', async () => {
  const bus = await createTestNatsBus()
  const foreign = await connect({ servers: [sharedNatsUrl] })
  try {
    const dead: BusMessage[] = []
    let handled = 0
    await bus.consume('dead.s', { durable: 'keeper' }, async (m) => void dead.push(m))
    await bus.consume('s', { durable: 'reader' }, async () => void (handled += 1))
    // Another publisher on the same subject, writing something that is not Aether's.
    await jetstream(foreign).publish(`${bus.deployment}.s`, 'not json at all')
    await until(() => dead.length === 1)
    expect(handled).toBe(0)
    expect(dead[0]?.headers.reason).toMatch(/^undecodable message: the payload is not JSON \(.+\)$/)
    expect(dead[0]?.records).toEqual([{ id: '', contract: 'undecodable', payload: 'not json at all' }])
  } finally {
    await foreign.close()
    await bus.close()
    await deleteDeployment(bus.deployment)
  }
})
