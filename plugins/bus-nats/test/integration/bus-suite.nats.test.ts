import { describeBus } from '@aether/core/testing'
import { afterAll } from 'vitest'
import type { NatsBus } from '../../src/nats-bus.js'
import { createTestNatsBus, deleteDeployment } from '../test-bus.js'

const deployments: string[] = []
afterAll(async () => {
  for (const deployment of deployments) await deleteDeployment(deployment)
})

describeBus('NatsBus on the NATS JetStream server', async (limits) => {
  const bus: NatsBus = await createTestNatsBus(limits)
  deployments.push(bus.deployment)
  return bus
})
