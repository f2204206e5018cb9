import { setTimeout as sleep } from 'node:timers/promises'
import { sharedNatsUrl, startNatsServer, type NatsTestServer } from '@aether/plugin-bus-nats/testing'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { DistributedDeployment, orderFreeContracts } from './distributed-deployment.js'

/** What an undisturbed deployment stores: the rows every drill must end with. */
export interface DrillReference {
  counts: Record<string, number>
  ids: string[]
}

/** What a suite of drills works with: a nats-server of its own, the reference, and deployments removed after each test. */
export interface DrillEnvironment {
  readonly nats: NatsTestServer
  readonly reference: DrillReference
  deploy(...args: Parameters<typeof DistributedDeployment.create>): Promise<DistributedDeployment>
}

/** Registers the suite's hooks: the server and the reference before all, each test's deployments destroyed after it. */
export function drillEnvironment(): DrillEnvironment {
  let nats: NatsTestServer | undefined
  let reference: DrillReference | undefined
  const deployments: DistributedDeployment[] = []
  beforeAll(async () => {
    nats = await startNatsServer()
    reference = await runReference((deployment) => deployments.push(deployment))
  }, 120_000)
  afterEach(async () => {
    await Promise.all(deployments.splice(0).map((deployment) => deployment.destroy()))
  })
  afterAll(async () => {
    await nats?.close()
  })
  const ready = <T>(value: T | undefined): T => {
    if (value === undefined) throw new Error('the drill environment is used before its beforeAll ran')
    return value
  }
  return {
    get nats() { return ready(nats) },
    get reference() { return ready(reference) },
    deploy: async (...args) => {
      const deployment = await DistributedDeployment.create(...args)
      deployments.push(deployment)
      return deployment
    },
  }
}

/** Runs the same input through an undisturbed deployment, every stage in one process, on the shared NATS server. */
export async function runReference(track: (deployment: DistributedDeployment) => void): Promise<DrillReference> {
  const reference = await DistributedDeployment.create({ natsUrl: sharedNatsUrl })
  track(reference)
  const all = reference.start('all')
  const code = await all.exited
  if (code !== 0) throw new Error(`the reference run exited with ${code}:\n${all.output().split('\n').slice(-30).join('\n')}`)
  const counts = await reference.storedCounts()
  expect(counts).toMatchObject({ 'invalid.v1': 35, 'enrichment.v1': 1112 })
  return { counts, ids: await reference.storedIds(orderFreeContracts) }
}

/**
 * The deployment stored exactly the reference's order-free rows, and a rules@1 decision per
 * workload for every forecast it stored. Forecasts depend on the order batches reach the
 * forecaster; each gets one decision per workload listed on its pool (four on p3.2xlarge in
 * us-east-1), or one.
 */
export async function expectSameRowsAsReference(deployment: DistributedDeployment, reference: DrillReference): Promise<void> {
  expect(await deployment.storedIds(orderFreeContracts)).toEqual(reference.ids)
  const counts = await deployment.storedCounts()
  expect(counts['forecast.v1']).toBeGreaterThan(0)
  const perForecast = await deployment.decisionsPerForecast()
  expect(perForecast).toHaveLength(counts['forecast.v1'] ?? 0)
  for (const { pool, region, decisions } of perForecast) expect(decisions).toBe(pool === 'p3.2xlarge' && region === 'us-east-1' ? 4 : 1)
  expect(counts['decision.v1']).toBeUndefined()
}

/** Waits until the deployment has stored more than `count` telemetry rows: a run well under way. */
export async function untilTelemetryStored(deployment: DistributedDeployment, count: number, timeoutMs = 60_000): Promise<void> {
  await until(async () => ((await deployment.storedCounts().catch(() => ({} as Record<string, number>)))['telemetry.v1'] ?? 0) > count, timeoutMs)
}

// As `until` in @aether/core/testing, for a condition that has to ask a server.
async function until(condition: () => Promise<boolean>, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('condition not met in time')
    await sleep(100)
  }
}
