import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { setTimeout as sleep } from 'node:timers/promises'
import { NatsNames } from '@aether/plugin-bus-nats'
import { deleteDeployment, uniqueDeployment } from '@aether/plugin-bus-nats/testing'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect, type NatsConnection } from '@nats-io/transport-node'
import pg from 'pg'
import { aetherBin } from '../../run-cli.js'

const exampleDir = fileURLToPath(new URL('../..', import.meta.url))
const tenant = 'drill'

/** Contracts whose rows do not depend on the order batches arrive in, so two runs must store exactly the same. */
export const orderFreeContracts = ['signal.v1', 'telemetry.v1', 'invalid.v1', 'enrichment.v1']

/** One `aether run --role ...` process of a deployment. */
export interface StageProcess {
  readonly role: string
  readonly child: ChildProcess
  /** Everything it wrote to stdout and stderr so far. */
  output(): string
  readonly exited: Promise<number | null>
}

/** Where a deployment's processes connect. */
export interface DeploymentTargets {
  natsUrl: string
  /** The port the processes reach PostgreSQL on, e.g. a proxy's; the test itself always goes direct. */
  postgresPort?: number
}

/**
 * The distributed spot-risk pipeline (examples/spot-risk/pipeline.distributed.json) as real
 * processes, one per stage, on a NATS server and a fresh PostgreSQL database of its own.
 */
export class DistributedDeployment {
  readonly #processes: StageProcess[] = []

  private constructor(
    readonly deployment: string,
    readonly database: FreshDatabase,
    private readonly targets: DeploymentTargets,
    private readonly sets: string[],
  ) {}

  static async create(targets: DeploymentTargets, sets: string[] = []): Promise<DistributedDeployment> {
    return new DistributedDeployment(uniqueDeployment(), await freshDatabase(), targets, sets)
  }

  /** Starts one process of a role with the same configuration every process of the deployment has. */
  start(role: string): StageProcess {
    return this.#spawn(role, ['run', 'pipeline.distributed.json', '--role', role, '--no-progress', '--json'])
  }

  /** `aether status --json` of the deployment, as an operator would run it. */
  async status(): Promise<Array<{ durable: string; subject: string; pending: number; inFlight: number; messagesPerSecond: number }>> {
    const status = this.#spawn('status', ['status', 'pipeline.distributed.json', '--json', '--interval', '500'])
    const code = await status.exited
    if (code !== 0) throw new Error(`aether status exited with ${code}:\n${status.output()}`)
    return JSON.parse(status.output().trim().split('\n').at(-1) ?? '[]')
  }

  /** The Prometheus text a process serves on the metrics port it logged at start. */
  async metrics(stage: StageProcess): Promise<string> {
    const url = /"url":"(http:[^"]+\/metrics)"/.exec(stage.output())?.[1]
    if (url === undefined) throw new Error(`${stage.role} has not logged its metrics address:\n${stage.output()}`)
    return (await fetch(url)).text()
  }

  #spawn(role: string, command: string[]): StageProcess {
    const args = [
      aetherBin, ...command,
      '--tenant', tenant,
      '--set', `plugins.0.config.connectionString=${this.#processConnectionString()}`,
      '--set', `plugins.1.config.servers.0=${this.targets.natsUrl}`,
      '--set', `plugins.1.config.deployment=${this.deployment}`,
      // A stopped process's batches go to another one after two seconds instead of thirty.
      '--set', 'plugins.1.config.ackWaitMs=2000',
      ...this.sets.flatMap((set) => ['--set', set]),
      // Every message published and handled, for chasing a failed drill (the processes' output is kept on failure).
      ...(process.env.AETHER_TEST_DRILL_LOG_LEVEL === undefined ? [] : ['--set', `log.level=${process.env.AETHER_TEST_DRILL_LOG_LEVEL}`]),
    ]
    const child = spawn(process.execPath, args, { cwd: exampleDir, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    child.stderr?.on('data', (chunk: Buffer) => { output += chunk.toString() })
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
    const process_: StageProcess = { role, child, output: () => output, exited }
    this.#processes.push(process_)
    return process_
  }

  /** Starts every consuming stage, one process each. */
  startStages(): StageProcess[] {
    return ['sink', 'validator', 'enricher', 'forecaster', 'policy'].map((role) => this.start(role))
  }

  /** Runs the source role to its end and returns its exit code. */
  async runSource(): Promise<void> {
    const source = this.start('source')
    const code = await source.exited
    if (code !== 0) throw new Error(`the source process exited with ${code}:\n${source.output()}`)
  }

  async storedCounts(): Promise<Record<string, number>> {
    const { rows } = await this.#query<{ contract: string; count: string }>(
      'SELECT contract, count(*) AS count FROM records WHERE tenant = $1 GROUP BY contract', [tenant])
    return Object.fromEntries(rows.map((row) => [row.contract, Number(row.count)]))
  }

  async storedIds(contracts: string[]): Promise<string[]> {
    const { rows } = await this.#query<{ id: string }>(
      'SELECT id FROM records WHERE tenant = $1 AND contract = ANY($2) ORDER BY id', [tenant, contracts])
    return rows.map((row) => row.id)
  }

  /** Each stored forecast's pool, region and how many decisions (of either version) were stored for it. */
  async decisionsPerForecast(): Promise<Array<{ pool: string; region: string; decisions: number }>> {
    const { rows } = await this.#query<{ pool: string; region: string; decisions: string }>(
      `SELECT f.pool, f.region, count(d.id) AS decisions FROM records f
       LEFT JOIN records d ON d.tenant = f.tenant AND d.contract IN ('decision.v1', 'decision.v2') AND d.body->>'forecastId' = f.id
       WHERE f.tenant = $1 AND f.contract = 'forecast.v1' GROUP BY f.id, f.pool, f.region`, [tenant])
    return rows.map((row) => ({ pool: row.pool, region: row.region, decisions: Number(row.decisions) }))
  }

  /** Messages pending or in flight on every consumer of the deployment; undefined while NATS is away. */
  async backlog(): Promise<number | undefined> {
    const byConsumer = await this.backlogByConsumer()
    return byConsumer === undefined ? undefined : Object.values(byConsumer).reduce((sum, waiting) => sum + waiting, 0)
  }

  /** Messages pending or in flight per `stream/durable`; undefined while NATS is away. */
  async backlogByConsumer(): Promise<Record<string, number> | undefined> {
    let connection: NatsConnection | undefined
    try {
      connection = await connect({ servers: [this.targets.natsUrl], maxReconnectAttempts: 0, timeout: 1_000 })
      const jsm = await jetstreamManager(connection)
      const waiting: Record<string, number> = {}
      for await (const stream of jsm.streams.names()) {
        if (!stream.startsWith(`${this.deployment}_`)) continue
        for await (const consumer of jsm.consumers.list(stream)) {
          waiting[`${stream}/${consumer.name}`] = consumer.num_pending + consumer.num_ack_pending
        }
      }
      return waiting
    } catch {
      return undefined
    } finally {
      await connection?.close()
    }
  }

  /**
   * Waits until the order-free rows match `expected` and the bus has nothing left, twice in a
   * row; returns when (Date.now()) the first of those checks passed.
   */
  async waitUntilComplete(expected: Record<string, number>, timeoutMs = 90_000): Promise<number> {
    const deadline = Date.now() + timeoutMs
    let settledChecks = 0
    let settledAtMs = 0
    while (settledChecks < 2) {
      if (Date.now() > deadline) {
        // The processes' output first, the verdict last: a truncated log keeps its end.
        const stored = await this.storedCounts()
        const missing = orderFreeContracts.filter((contract) => (stored[contract] ?? 0) !== (expected[contract] ?? 0))
          .map((contract) => `${contract} ${stored[contract] ?? 0} of ${expected[contract] ?? 0}`)
        throw new Error(`${this.#outputs()}\nnot complete in ${timeoutMs} ms: ${missing.join(', ') || 'rows complete'}; ` +
          `stored ${JSON.stringify(stored)}; backlog by consumer ${JSON.stringify(await this.backlogByConsumer())}`)
      }
      const counts = await this.storedCounts().catch(() => ({} as Record<string, number>))
      const isStored = orderFreeContracts.every((contract) => (counts[contract] ?? 0) === (expected[contract] ?? 0))
      const checkedAtMs = Date.now()
      settledChecks = isStored && (await this.backlog()) === 0 ? settledChecks + 1 : 0
      if (settledChecks === 1) settledAtMs = checkedAtMs
      await sleep(100)
    }
    return settledAtMs
  }

  /** Waits until every process started so far has its kernel running. */
  async waitUntilStarted(timeoutMs = 30_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    while (!this.#processes.every((p) => p.output().includes('"msg":"kernel started"'))) {
      if (Date.now() > deadline) throw new Error(`processes did not start in ${timeoutMs} ms\n${this.#outputs()}`)
      await sleep(50)
    }
  }

  /** When a process's kernel started: the time on its "kernel started" log line, once it has one. */
  async kernelStartedAt(stage: StageProcess, timeoutMs = 30_000): Promise<number> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      // Only whole lines: the last one may still be arriving.
      const line = stage.output().split('\n').slice(0, -1).find((text) => text.includes('"msg":"kernel started"'))
      if (line !== undefined) return Date.parse((JSON.parse(line) as { time: string }).time)
      if (Date.now() > deadline) throw new Error(`${stage.role} did not start in ${timeoutMs} ms\n${stage.output()}`)
      await sleep(20)
    }
  }

  /** Stops every process (SIGTERM, then SIGKILL after ten seconds). */
  async stop(): Promise<void> {
    await Promise.all(this.#processes.map(async (stage) => {
      if (stage.child.exitCode !== null || stage.child.signalCode !== null) return
      stage.child.kill('SIGTERM')
      const timer = setTimeout(() => stage.child.kill('SIGKILL'), 10_000)
      await stage.exited
      clearTimeout(timer)
    }))
  }

  /** Stops the processes and removes the streams and the database. */
  async destroy(): Promise<void> {
    await this.stop()
    await deleteDeployment(this.deployment, this.targets.natsUrl).catch(() => undefined)
    await this.database.drop()
  }

  /** Messages a consumer has delivered and not yet had acknowledged. */
  async unacknowledged(subject: string, durable: string): Promise<number> {
    const connection = await connect({ servers: [this.targets.natsUrl] })
    try {
      const names = new NatsNames(this.deployment)
      const info = await (await jetstreamManager(connection)).consumers.info(names.stream(subject), names.consumer(subject, durable))
      return info.num_ack_pending
    } finally {
      await connection.close()
    }
  }

  /** Waits until the bus has nothing pending or in flight, twice in a row. */
  async waitUntilIdle(timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs
    for (let idleChecks = 0; idleChecks < 2; await sleep(250)) {
      if (Date.now() > deadline) throw new Error(`bus not idle in ${timeoutMs} ms\n${this.#outputs()}`)
      idleChecks = (await this.backlog()) === 0 ? idleChecks + 1 : 0
    }
  }

  /** Records the sink stored as dead letters, with their reasons. */
  async deadLettered(): Promise<Array<{ reason: string; original: { contract: string } }>> {
    const { rows } = await this.#query<{ body: { reason: string; original: { contract: string } } }>(
      "SELECT body FROM records WHERE tenant = $1 AND contract = 'invalid.v1' AND body->>'stage' = 'bus'", [tenant])
    return rows.map((row) => row.body)
  }

  #processConnectionString(): string {
    if (this.targets.postgresPort === undefined) return this.database.connectionString
    const url = new URL(this.database.connectionString)
    url.port = String(this.targets.postgresPort)
    return url.toString()
  }

  #outputs(): string {
    // The whole output of each process goes to a file; the message keeps each one's end.
    const folder = mkdtempSync(join(tmpdir(), `aether-drill-${this.deployment}-`))
    for (const p of this.#processes) writeFileSync(join(folder, `${p.role}-${p.child.pid}.log`), p.output())
    return `(whole outputs in ${folder})\n` + this.#processes.map((p) => `--- ${p.role} (pid ${p.child.pid}):\n${p.output().split('\n').slice(-15).join('\n')}`).join('\n')
  }

  async #query<Row extends pg.QueryResultRow>(sql: string, values: unknown[]): Promise<pg.QueryResult<Row>> {
    // As the server's superuser, which row-level security does not restrict: the test sees everything stored.
    const client = new pg.Client({ connectionString: this.database.connectionString })
    await client.connect()
    try {
      return await client.query<Row>(sql, values)
    } finally {
      await client.end()
    }
  }
}
