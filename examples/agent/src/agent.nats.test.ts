import { writeFile, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { AetherRecord } from '@aether/plugin-api'
import { createTestNatsBus, deleteDeployment, uniqueDeployment } from '@aether/plugin-bus-nats/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forecastsOf, startAgent } from './test-support/agent-process.js'

// The pipeline's side: a durable consumer of `forecasts` on the shared NATS server, as the policy stage has.
async function pipelineConsumer(deployment: string): Promise<{ received: AetherRecord[]; stop(): Promise<void> }> {
  const bus = await createTestNatsBus({}, undefined, deployment)
  const received: AetherRecord[] = []
  await bus.declare([{ subject: 'forecasts', durable: 'policy' }])
  const subscription = await bus.consume('forecasts', { durable: 'policy' }, async (message) => { received.push(...message.records) })
  return { received, stop: async () => { await subscription.stop(); await bus.close() } }
}

const fast = ['--ticks', '64', '--tick-ms', '5', '--every', '8', '--storage', 'memory', '--drain-timeout-ms', '10000']

describe('the agent on the shared NATS server', () => {
  const deployments: string[] = []
  let dir: string
  beforeAll(async () => { dir = await mkdtemp(join(tmpdir(), 'aether-agent-')) })
  afterAll(async () => {
    await Promise.all(deployments.map((deployment) => deleteDeployment(deployment)))
    await rm(dir, { recursive: true, force: true })
  })

  it('publishes every forecast to the pipeline with the model that answered and the gate reason', async () => {
    const deployment = uniqueDeployment()
    deployments.push(deployment)
    const pipeline = await pipelineConsumer(deployment)
    try {
      const agent = startAgent([...fast, '--deployment', deployment, '--tenant', 'acme', '--outbox', join(dir, deployment)])
      expect((await agent.exited).code).toBe(0)
      const printed = forecastsOf(agent.events)
      expect(printed).toHaveLength(8)
      await expect.poll(() => pipeline.received.length, { timeout: 5_000 }).toBe(8)
      const byId = new Map(pipeline.received.map((record) => [record.id, record]))
      for (const local of printed) {
        const sent = byId.get(local.id)
        expect(sent).toMatchObject({ contract: 'forecast.v1', tenant: 'acme', region: 'us-east-1', zone: 'us-east-1c', pool: 'p3.2xlarge', model: local.model, probability: local.probability })
        expect((sent?.features as Record<string, number>)[`gate:${local.gate}`]).toBe(1)
      }
      // The first window is short (8 ticks), so the heuristic answers it; later ones reach the model.
      expect(printed[0]).toMatchObject({ model: 'heuristic-baseline@1', gate: 'short-window' })
      expect(printed.slice(2).every((forecast) => forecast.model === 'tsmixer@2' && forecast.gate === 'passed')).toBe(true)
    } finally {
      await pipeline.stop()
    }
  })

  it.each([
    ['missing', 'model-missing', async (): Promise<string> => join(dir, 'absent.onnx')],
    ['corrupt', 'model-failed', async (): Promise<string> => {
      const path = join(dir, 'corrupt.onnx')
      await writeFile(path, 'not an ONNX model')
      return path
    }],
  ])('falls back to the heuristic when the model file is %s, and says so in each forecast', async (_, reason, modelPath) => {
    const deployment = uniqueDeployment()
    deployments.push(deployment)
    const pipeline = await pipelineConsumer(deployment)
    try {
      const agent = startAgent([...fast, '--deployment', deployment, '--model', await modelPath(), '--outbox', join(dir, deployment)])
      expect((await agent.exited).code).toBe(0)
      expect(agent.events[0]).toMatchObject({ event: 'started', model: 'heuristic fallback' })
      const printed = forecastsOf(agent.events)
      expect(printed).toHaveLength(8)
      expect(printed.every((forecast) => forecast.model === 'heuristic-baseline@1' && forecast.gate === reason)).toBe(true)
      await expect.poll(() => pipeline.received.length, { timeout: 5_000 }).toBe(8)
      expect(pipeline.received.every((record) => (record.features as Record<string, number>)[`gate:${reason}`] === 1)).toBe(true)
    } finally {
      await pipeline.stop()
    }
  })

  it('refuses to start on an outbox another running agent holds, naming its process', async () => {
    const outbox = join(dir, 'held')
    const deployment = uniqueDeployment()
    deployments.push(deployment)
    const holder = startAgent(['--ticks', '1000', '--tick-ms', '50', '--storage', 'memory', '--deployment', deployment, '--outbox', outbox])
    try {
      await holder.waitFor((event) => event.event === 'started')
      const second = startAgent(['--ticks', '8', '--tick-ms', '5', '--outbox', outbox])
      const { code, stderr } = await second.exited
      expect(code).toBe(2)
      expect(stderr).toContain(`the outbox ${outbox} is in use by process ${holder.child.pid}, which is still running`)
    } finally {
      holder.child.kill('SIGKILL')
      await holder.exited
    }
  })

  it('refuses a bad option with a coded message', async () => {
    const agent = startAgent(['--tick-ms', 'soon'])
    const { code, stderr } = await agent.exited
    expect(code).toBe(2)
    expect(stderr).toContain('option --tick-ms is "soon", not a whole number')
  })
})
