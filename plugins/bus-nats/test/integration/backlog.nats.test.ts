import { numberedRecords } from '@aether/core/testing'
import { afterAll, describe, expect, it } from 'vitest'
import type { NatsBus } from '../../src/nats-bus.js'
import { createTestNatsBus, deleteDeployment, deploymentStreams } from '../test-bus.js'

const open: NatsBus[] = []
afterAll(async () => {
  for (const bus of open) {
    await bus.close()
    await deleteDeployment(bus.deployment)
  }
})

async function bus(deployment?: string): Promise<NatsBus> {
  const created = await createTestNatsBus({}, undefined, deployment)
  open.push(created)
  return created
}

describe('NatsBus backlog of named consumers (what `aether status` reads)', () => {
  it('sees the consumers another process of the deployment created, with their backlog', async () => {
    const stage = await bus()
    await stage.declare([{ subject: 'signals.raw', durable: 'validator' }])
    await stage.publish('signals.raw', numberedRecords(1))
    const observer = await bus(stage.deployment)
    const [backlog, ...others] = await observer.backlog([{ subject: 'signals.raw', durable: 'validator' }])
    expect(others).toEqual([])
    expect(backlog).toMatchObject({ subject: 'signals.raw', durable: 'validator', pending: 1, inFlight: 0 })
  })

  it('creates no stream when asked about a deployment that has none', async () => {
    const observer = await bus()
    expect(await observer.backlog([{ subject: 'signals.raw', durable: 'validator' }])).toEqual([])
    expect(await deploymentStreams(observer.deployment)).toEqual([])
  })
})
