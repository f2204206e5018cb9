import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { subjects } from '@aether/plugin-api'
import { aetherCli } from '@aether/core/testing'
import { createTestNatsBus, deleteDeployment, sharedNatsUrl, uniqueDeployment } from '@aether/plugin-bus-nats/testing'
import { openPostgresStorage, PostgresStorageConfig, type PostgresStorage } from '@aether/plugin-storage-postgres'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { inTenantScope } from '@aether/storage-sql'
import { Value } from '@sinclair/typebox/value'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { forecastOf } from '../forecast-of.js'

const configDir = fileURLToPath(new URL('./shared-guardrails/', import.meta.url))
const tenant = 'storm'

// The storm: 60 pools of one tenant in one region at P(preemption) 0.97, all within 50 minutes,
// so that any order of arrival puts them in one 60-minute window of at most 5 moves (rules.json).
const storm = Array.from({ length: 60 }, (_, index) => forecastOf(0.97, {
  tenant, region: 'us-east1', zone: 'us-east1-b', pool: `pool-${index}`,
  timestamp: new Date(Date.UTC(2023, 3, 30, 1, index % 50)).toISOString(),
}))

/** One `aether run pipeline.json --role ...` process on the test's database and deployment. */
interface RoleProcess {
  child: ChildProcess
  output(): string
  exited: Promise<number | null>
}

/**
 * Two policy consumers in separate processes (a queue group of the `policy` durable), each with
 * its own connections to one PostgreSQL database, take the same storm of high-risk forecasts at
 * the same time, and then all of it again (a duplicate delivery): the guardrails they share through
 * storage let exactly the window's limit of migrations through, never one per process.
 */
describe('shared guardrails: two policy processes on NATS JetStream and PostgreSQL', () => {
  let database: FreshDatabase
  let storage: PostgresStorage
  const deployment = uniqueDeployment()
  const processes: RoleProcess[] = []

  const start = (role: string): RoleProcess => {
    const child = spawn(process.execPath, [
      aetherCli, 'run', 'pipeline.json', '--role', role, '--no-progress', '--json',
      '--set', `plugins.0.config.connectionString=${database.connectionString}`,
      '--set', `plugins.1.config.servers.0=${sharedNatsUrl}`,
      '--set', `plugins.1.config.deployment=${deployment}`,
    ], { cwd: configDir, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const started: RoleProcess = { child, output: () => output, exited: new Promise((resolve) => child.once('exit', resolve)) }
    processes.push(started)
    return started
  }

  const until = async (condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 60_000): Promise<void> => {
    const deadline = Date.now() + timeoutMs
    while (!await condition()) {
      if (Date.now() > deadline) throw new Error(`${what} not within ${timeoutMs} ms\n${processes.map((p) => p.output().split('\n').slice(-10).join('\n')).join('\n---\n')}`)
      await sleep(100)
    }
  }

  const policyRecordsIn = async (policy: RoleProcess): Promise<number> => {
    const url = /"url":"(http:[^"]+\/metrics)"/.exec(policy.output())?.[1]
    if (url === undefined) throw new Error(`the policy process logged no metrics address:\n${policy.output()}`)
    const metrics = await (await fetch(url)).text()
    return Number(/aether_stage_records_in_total\{stage="policy"\} (\d+)/.exec(metrics)?.[1] ?? 0)
  }

  const admissions = () => inTenantScope(storage.executor, tenant, (tx) => tx.query<{ outcome: string; count: number }>(
    'SELECT outcome, count(*)::int AS count FROM move_admissions GROUP BY outcome ORDER BY outcome'))

  beforeAll(async () => {
    database = await freshDatabase()
    storage = await openPostgresStorage(Value.Default(PostgresStorageConfig, { connectionString: database.connectionString }) as PostgresStorageConfig)
  })

  afterAll(async () => {
    await Promise.all(processes.map(async (role) => {
      if (role.child.exitCode !== null || role.child.signalCode !== null) return
      role.child.kill('SIGTERM')
      const timer = setTimeout(() => role.child.kill('SIGKILL'), 10_000)
      await role.exited
      clearTimeout(timer)
    }))
    await storage?.close()
    await deleteDeployment(deployment).catch(() => undefined)
    await database?.drop()
  })

  it('admit exactly the window\'s limit of a storm they take concurrently, and count a duplicate delivery once', async () => {
    const policies = [start('policy'), start('policy')]
    start('sink')
    await until(() => processes.every((p) => p.output().includes('"msg":"kernel started"')), 'all processes started')
    expect(policies.every((policy) => policy.output().includes('policy guardrails shared through storage'))).toBe(true)

    const bus = await createTestNatsBus({}, sharedNatsUrl, deployment)
    const consumers = [
      { subject: subjects.forecasts, durable: 'policy' },
      { subject: subjects.forecasts, durable: 'sink-forecasts' },
      { subject: subjects.decisions, durable: 'sink-decisions' },
    ]
    const isDrained = async () => (await bus.backlog(consumers)).every((consumer) => consumer.pending + consumer.inFlight === 0)
    try {
      // One forecast a message, so that both processes take part; then the whole storm again as new messages.
      for (const round of ['first', 'again']) {
        await Promise.all(storm.map((forecast) => bus.publish(subjects.forecasts, [forecast], { msgId: `${round}/${forecast.id}` })))
      }
      await until(async () => (await storage.store.countByContract(tenant))['decision.v2'] === storm.length && await isDrained(), 'every forecast decided and stored')
    } finally {
      await bus.close()
    }

    const decisions = await storage.store.queryWindow({ tenant, contract: 'decision.v2', from: '2023-04-30T00:00:00Z', to: '2023-05-01T00:00:00Z' })
    const moves = decisions.filter((decision) => decision.action !== 'hold')
    expect(moves).toHaveLength(5)
    // One verdict per decision, however many deliveries and processes asked; 5 admitted of the 60.
    expect((await admissions()).rows.map((row) => [row.outcome, Number(row.count)])).toEqual([['admitted', 5], ['migration-rate', 55]])
    expect(await storage.store.actions.list(tenant)).toHaveLength(5)
    // Both processes decided part of the storm: each alone would have let 5 through.
    const handled = await Promise.all(policies.map(policyRecordsIn))
    expect(handled.every((count) => count > 0)).toBe(true)
    expect(handled.reduce((a, b) => a + b, 0)).toBe(2 * storm.length)
    const held = decisions.find((decision) => decision.action === 'hold')
    expect(held?.explanation).toMatch(/drain held by guardrail migration-rate \(5 moves in us-east1 for storm in the last 60 min, at most 5\)/)
  }, 120_000)
})
