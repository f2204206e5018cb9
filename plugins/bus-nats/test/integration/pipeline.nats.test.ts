import { describePipeline } from '@aether/core/testing'
import { afterAll } from 'vitest'
import { createTestNatsBus, deleteDeployment } from '../test-bus.js'

const deployments: string[] = []
afterAll(async () => {
  for (const deployment of deployments) await deleteDeployment(deployment)
})

describePipeline('the NATS JetStream bus', async () => {
  const bus = await createTestNatsBus({ maxMessagesPerSubject: 64 })
  deployments.push(bus.deployment)
  return bus
})
