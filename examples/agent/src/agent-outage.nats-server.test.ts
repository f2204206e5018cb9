import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNatsServer, type NatsTestServer } from '@aether/plugin-bus-nats/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startForecastConsumer } from './test-support/forecast-consumer.js'
import { forecastsOf, startAgent } from './test-support/agent-process.js'

// A nats-server of this test's own (file store, so streams and the consumer outlive the kill),
// which it SIGKILLs while the agent runs and then starts again.
describe('the agent through a NATS outage', () => {
  let server: NatsTestServer
  let outboxes: string
  beforeAll(async () => {
    server = await startNatsServer()
    outboxes = await mkdtemp(join(tmpdir(), 'aether-agent-outboxes-'))
  })
  afterAll(async () => {
    await server.close()
    await rm(outboxes, { recursive: true, force: true })
  })

  it('keeps forecasting locally while the bus is down and delivers every buffered forecast when it is back', async () => {
    const pipeline = await startForecastConsumer(server.url)
    const small = await startForecastConsumer(server.url)
    const { received } = pipeline
    try {
      // 480 ticks of 20 ms: about 10 s of trace, a forecast every 4 ticks (120 in all).
      const run = ['--nats', server.url, '--ticks', '480', '--tick-ms', '20', '--every', '4', '--drain-timeout-ms', '20000']
      const agent = startAgent([...run, '--deployment', pipeline.deployment, '--outbox', join(outboxes, 'agent')])
      // Beside it, an agent whose outbox holds only 5 forecasts: the outage overruns its bound.
      const bounded = startAgent([...run, '--deployment', small.deployment, '--buffer', '5', '--outbox', join(outboxes, 'bounded')])
      await Promise.all([agent.waitFor((event) => event.event === 'sent'), bounded.waitFor((event) => event.event === 'sent')])
      await server.kill()
      const atKill = forecastsOf(agent.events).length
      await agent.waitFor((event) => event.event === 'bus' && event.state === 'unreachable')
      // Forecasting goes on with the bus down: new local verdicts, piling up in the outbox.
      const during = await agent.waitFor((event) => event.event === 'forecast' && event.pending >= 20)
      expect(during).toMatchObject({ event: 'forecast', model: 'tsmixer@2', gate: 'passed' })
      expect(forecastsOf(agent.events).length).toBeGreaterThan(atKill)
      await server.start()
      const { code, stderr } = await agent.exited
      expect(code, stderr).toBe(0)
      const printed = forecastsOf(agent.events)
      expect(printed).toHaveLength(120)
      expect(agent.events.at(-1)).toMatchObject({ event: 'done', forecasts: 120, pending: 0, dropped: 0, drained: true })
      expect(agent.events.filter((event) => event.event === 'bus').map((event) => event.event === 'bus' && event.state)).toEqual(['connected', 'unreachable', 'connected'])
      await expect.poll(() => received.size, { timeout: 10_000 }).toBe(120)
      for (const local of printed) expect(received.get(local.id)).toMatchObject({ model: local.model, probability: local.probability })

      // Past the bound the oldest pending forecasts are dropped, counted, and never sent; the rest arrive.
      expect((await bounded.exited).code).toBe(0)
      const done = bounded.events.at(-1)
      expect(done).toMatchObject({ event: 'done', forecasts: 120, pending: 0, drained: true })
      const dropped = done?.event === 'done' ? done.dropped : 0
      expect(dropped).toBeGreaterThan(0)
      await expect.poll(() => small.received.size, { timeout: 10_000 }).toBe(120 - dropped)
      const boundedPrinted = forecastsOf(bounded.events)
      expect(boundedPrinted.slice(-5).every((local) => small.received.has(local.id))).toBe(true)
    } finally {
      await pipeline.stop()
      await small.stop()
    }
  })
})
