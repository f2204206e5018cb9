import { setTimeout as sleep } from 'node:timers/promises'
import { startPostgresProxy, testServerUrl } from '@aether/plugin-storage-postgres/testing'
import { describe, expect, it } from 'vitest'
import { drillEnvironment, expectSameRowsAsReference, untilTelemetryStored } from './drill-reference.js'

/**
 * Drills on real processes: the distributed spot-risk pipeline, one process per stage, on a
 * nats-server of the drills' own and a fresh PostgreSQL database (cut through a TCP proxy, never
 * by stopping the shared server). Each drill must end with exactly the rows an undisturbed run
 * stores. The NATS server restart is a soak of its own (nats-restart.soak.test.ts).
 */
describe('drills: the distributed pipeline on NATS JetStream and PostgreSQL', () => {
  const drills = drillEnvironment()

  it('kill -9 of a validator in the middle of a batch: another validator, started later with the same command, gets its messages', async () => {
    const deployment = await drills.deploy({ natsUrl: drills.nats.url })
    for (const role of ['sink', 'enricher', 'forecaster', 'policy']) deployment.start(role)
    const first = deployment.start('validator')
    const source = deployment.runSource()
    await untilTelemetryStored(deployment, 5_000)
    // Freeze the first validator at a moment it holds deliveries it has not acknowledged.
    for (;;) {
      first.child.kill('SIGSTOP')
      await sleep(300)
      if (await deployment.unacknowledged('signals.raw', 'validator') > 0) break
      first.child.kill('SIGCONT')
      await sleep(20)
    }
    const second = deployment.start('validator')
    first.child.kill('SIGKILL')
    await source
    await deployment.waitUntilComplete(drills.reference.counts)
    expect(second.output()).toContain('handling a redelivered message')
    expect(await deployment.metrics(second)).toMatch(/aether_consumer_redeliveries\{subject="signals\.raw",durable="validator"\} [1-9]/)
    await expectSameRowsAsReference(deployment, drills.reference)
  }, 120_000)

  it('PostgreSQL unavailable for a while: the sink stops acknowledging, the backlog grows within the stream bounds, work resumes', async () => {
    const { proxy } = await startPostgresProxy(testServerUrl)
    try {
      const deployment = await drills.deploy({ natsUrl: drills.nats.url, postgresPort: proxy.port })
      deployment.startStages()
      const source = deployment.runSource()
      await untilTelemetryStored(deployment, 5_000)
      proxy.cut()
      const backlogWhileCut: number[] = []
      for (let second = 0; second < 6; second++) {
        await sleep(1_000)
        backlogWhileCut.push((await deployment.backlog()) ?? -1)
      }
      const storedWhileCut = await deployment.storedCounts()
      const statusWhileCut = await deployment.status()
      proxy.restore()
      await source
      await deployment.waitUntilComplete(drills.reference.counts)
      expect(Math.max(...backlogWhileCut)).toBeGreaterThan(0)
      // Bounded by the streams: at most 64 messages per subject on the pipeline's 12 subjects.
      expect(Math.max(...backlogWhileCut)).toBeLessThanOrEqual(64 * 12)
      expect(storedWhileCut['telemetry.v1']).toBeLessThan(drills.reference.counts['telemetry.v1'] ?? 0)
      // What an operator sees meanwhile: the sink's input waiting.
      const sinkLag = statusWhileCut.filter((s) => s.durable.startsWith('sink-')).reduce((sum, s) => sum + s.pending + s.inFlight, 0)
      expect(sinkLag).toBeGreaterThan(0)
      await expectSameRowsAsReference(deployment, drills.reference)
    } finally {
      await proxy.close()
    }
  }, 120_000)

  it('a poison message ends in the dead-letter subject after the configured deliveries and does not block the stream', async () => {
    const deployment = await drills.deploy({ natsUrl: drills.nats.url }, [
      'plugins.7.use=./test/drills/poison-policy.js', 'pipeline.policy=poison', 'bus.maxDeliver=3',
    ])
    deployment.startStages()
    await deployment.runSource()
    await deployment.waitUntilIdle()
    const counts = await deployment.storedCounts()
    const dead = await deployment.deadLettered()
    expect(dead.length).toBeGreaterThan(0)
    expect(dead.every((record) => record.original.contract === 'forecast.v1')).toBe(true)
    expect(dead[0]?.reason).toBe('dead-lettered from forecasts after 3 deliveries: rule engine crashed on pool p3.2xlarge')
    // The stream went on: every forecast either got its decision or was dead-lettered, and nothing else failed.
    expect(counts['decision.v1']).toBeGreaterThan(0)
    expect((counts['decision.v1'] ?? 0) + dead.length).toBe(counts['forecast.v1'])
    expect(counts['invalid.v1']).toBe((drills.reference.counts['invalid.v1'] ?? 0) + dead.length)
  }, 120_000)
})

