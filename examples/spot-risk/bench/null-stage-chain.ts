import { spawn, type ChildProcess } from 'node:child_process'
import { randomUUID } from 'node:crypto'
import { fileURLToPath } from 'node:url'
import { validateConfig, type AetherRecord } from '@aether/core'
import { openPostgresStorage, PostgresStorageConfig } from '@aether/plugin-storage-postgres'
import { freshDatabase } from '@aether/plugin-storage-postgres/testing'
import { AckPolicy, jetstream, jetstreamManager, RetentionPolicy, StorageType } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'

const nullStage = fileURLToPath(new URL('./null-stage.ts', import.meta.url))

/**
 * The distributed pipeline's shape with no stage work: the same full-volume traffic on the same
 * JetStream server and PostgreSQL, one process per stage. A source publishes the batches to raw;
 * a "validator" and an "enricher" each decode, re-encode and forward them; a "forecaster" decodes
 * and drops them; a "sink" decodes and inserts them plainly. What this reaches is the limit of any
 * pipeline of this shape on this machine, whatever its stages do.
 */
export async function nullStageChainRate(records: AetherRecord[], batchSize: number, natsUrl: string): Promise<number> {
  const database = await freshDatabase()
  const storage = await openPostgresStorage(validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'bench'))
  await storage.close()
  const connection = await connect({ servers: [natsUrl] })
  const stream = `chain${randomUUID().slice(0, 8)}`
  const jsm = await jetstreamManager(connection)
  const children: ChildProcess[] = []
  try {
    await jsm.streams.add({ name: stream, subjects: [`${stream}.>`], retention: RetentionPolicy.Interest, storage: StorageType.File })
    const consumers = { validator: 'raw', enricher: 'valid', forecaster: 'enriched', sink: 'enriched' }
    for (const [durable, subject] of Object.entries(consumers)) {
      await jsm.consumers.add(stream, { durable_name: durable, filter_subject: `${stream}.${subject}`, ack_policy: AckPolicy.Explicit, max_ack_pending: 256 })
    }
    const batches = Math.ceil(records.length / batchSize)
    const start = (...args: string[]): Promise<void> => {
      const child = spawn(process.execPath, [...process.execArgv, nullStage, ...args], { env: { ...process.env, NATS_URL: natsUrl }, stdio: ['ignore', 'pipe', 'inherit'] })
      children.push(child)
      return new Promise((resolve, reject) => {
        child.stdout?.once('data', () => resolve())
        child.once('exit', (code) => reject(new Error(`null stage ${args.join(' ')} exited with ${code} before it was ready`)))
      })
    }
    await Promise.all([
      start('forward', stream, 'validator', 'valid', String(batches)),
      start('forward', stream, 'enricher', 'enriched', String(batches)),
      start('drop', stream, 'forecaster', String(batches)),
      start('insert', stream, 'sink', String(batches), database.connectionString),
    ])
    const finished = children.map((child) => new Promise<void>((resolve, reject) => {
      child.removeAllListeners('exit')
      child.once('exit', (code) => code === 0 ? resolve() : reject(new Error(`a null stage exited with ${code}`)))
    }))
    const js = jetstream(connection)
    const startedMs = performance.now()
    for (let offset = 0; offset < records.length; offset += batchSize) {
      await js.publish(`${stream}.raw`, JSON.stringify(records.slice(offset, offset + batchSize)), { msgID: `raw/${offset}` })
    }
    await Promise.all(finished)
    return records.length / ((performance.now() - startedMs) / 1000)
  } finally {
    for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
    await jsm.streams.delete(stream).catch(() => {})
    await connection.close()
    await database.drop()
  }
}
