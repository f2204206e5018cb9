import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import { startNatsServer, type NatsTestServer } from '@aether/plugin-bus-nats/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startForecastConsumer } from './test-support/forecast-consumer.js'
import { forecastsOf, startAgent, type AgentProcess } from './test-support/agent-process.js'

// A nats-server of this test's own (file store), and agents that are SIGKILLed and started again
// on the same outbox directory. A restarted agent replays the trace from --from-tick, so the run
// after the kill starts past the ticks the first one reached: every forecast id is made once.
describe('the agent killed and started again on its outbox', () => {
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

  async function killed(agent: AgentProcess): Promise<void> {
    agent.child.kill('SIGKILL')
    const { code } = await agent.exited
    expect(code).toBeNull()
  }

  // Each of `printed` arrives, none twice, and at most `unprinted` more: forecasts journaled but not
  // yet printed when the kill came. Waited for, then given a second for a late duplicate to show.
  async function expectEachOnce(arrivals: Map<string, number>, printed: readonly string[], unprinted: number): Promise<void> {
    await expect.poll(() => printed.filter((id) => arrivals.has(id)).length, { timeout: 20_000 }).toBe(printed.length)
    await sleep(1_000)
    expect([...arrivals.entries()].filter(([, count]) => count !== 1)).toEqual([])
    expect(arrivals.size - printed.length).toBeGreaterThanOrEqual(0)
    expect(arrivals.size - printed.length).toBeLessThanOrEqual(unprinted)
  }

  it('sends every forecast made while NATS was down, exactly once, after the agent is killed and started again', async () => {
    const pipeline = await startForecastConsumer(server.url)
    const outbox = join(outboxes, 'outage')
    try {
      await server.kill()
      const first = startAgent(['--nats', server.url, '--deployment', pipeline.deployment, '--outbox', outbox, '--ticks', '2000', '--tick-ms', '20', '--every', '4'])
      await first.waitFor((event) => event.event === 'forecast' && event.pending >= 25, 30_000)
      await killed(first)
      const madeBeforeKill = forecastsOf(first.events).map((forecast) => forecast.id)
      expect(first.events.some((event) => event.event === 'sent')).toBe(false)

      await server.start()
      const second = startAgent(['--nats', server.url, '--deployment', pipeline.deployment, '--outbox', outbox, '--from-tick', '2000', '--ticks', '40', '--tick-ms', '20', '--every', '4'])
      const { code, stderr } = await second.exited
      expect(code, stderr).toBe(0)
      const started = second.events[0]
      // Replayed: every forecast printed before the kill (and one journaled but not yet printed, if the kill fell between).
      expect(started).toMatchObject({ event: 'started', outbox: join(outbox, 'forecasts.jsonl'), dropped: 0 })
      const replayed = started?.event === 'started' ? started.replayed : 0
      expect(replayed - madeBeforeKill.length).toBeGreaterThanOrEqual(0)
      expect(replayed - madeBeforeKill.length).toBeLessThanOrEqual(1)
      const madeAfter = forecastsOf(second.events).map((forecast) => forecast.id)
      expect(madeAfter).toHaveLength(10)
      expect(second.events.at(-1)).toMatchObject({ event: 'done', forecasts: 10, pending: 0, dropped: 0, drained: true })

      await expectEachOnce(pipeline.arrivals, [...madeBeforeKill, ...madeAfter], replayed - madeBeforeKill.length)
      expect(pipeline.arrivals.size).toBe(replayed + madeAfter.length)
    } finally {
      await pipeline.stop()
    }
  })

  it('sends a batch whose acknowledgement the kill cut off again as the same message, which JetStream drops as a duplicate', async () => {
    const pipeline = await startForecastConsumer(server.url)
    const outbox = join(outboxes, 'unacknowledged')
    try {
      const first = startAgent(['--nats', server.url, '--deployment', pipeline.deployment, '--outbox', outbox, '--ticks', '3000', '--tick-ms', '20', '--every', '2'])
      await first.waitFor((event) => event.event === 'sent')
      // A hung server: the batch under way reaches its socket, no acknowledgement comes back, forecasts pile up behind it.
      server.freeze()
      await first.waitFor((event) => event.event === 'bus' && event.state === 'unreachable')
      await first.waitFor((event) => event.event === 'forecast' && event.pending >= 60)
      await killed(first)
      const acknowledged = first.events.reduce((sum, event) => sum + (event.event === 'sent' ? event.count : 0), 0)
      const madeBeforeKill = forecastsOf(first.events).map((forecast) => forecast.id)
      server.thaw()
      // The server reads the batch the dead agent sent and stores it: on the bus, never acknowledged to the agent.
      await expect.poll(() => pipeline.arrivals.size, { timeout: 20_000 }).toBeGreaterThan(acknowledged)
      const storedUnacknowledged = pipeline.arrivals.size - acknowledged

      const second = startAgent(['--nats', server.url, '--deployment', pipeline.deployment, '--outbox', outbox, '--from-tick', '3000', '--ticks', '20', '--tick-ms', '20', '--every', '2'])
      const { code, stderr } = await second.exited
      expect(code, stderr).toBe(0)
      expect(second.events[0]).toMatchObject({ event: 'started', replayed: expect.any(Number) as number })
      const replayed = second.events[0]?.event === 'started' ? second.events[0].replayed : 0
      expect(replayed).toBeGreaterThan(storedUnacknowledged)
      expect(second.events.at(-1)).toMatchObject({ event: 'done', forecasts: 10, pending: 0, dropped: 0, drained: true })
      const madeAfter = forecastsOf(second.events).map((forecast) => forecast.id)
      await expectEachOnce(pipeline.arrivals, [...madeBeforeKill, ...madeAfter], 1)
    } finally {
      server.thaw()
      await pipeline.stop()
    }
  })
})
