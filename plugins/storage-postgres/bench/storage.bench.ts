import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { recordId, validateConfig, type AetherRecord } from '@aether/core'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { SqlEventStore, type Projection, type SqlExecutor, type SqlRecordStore } from '@aether/storage-sql'
import { machine, median, writeSection } from '../../../bench/report.js'
import { PostgresStorageConfig } from '../src/config.js'
import { openPostgresStorage } from '../src/open-postgres-storage.js'
import { freshDatabase } from '../test/fresh-database.js'
import { rawInsertSql } from '../../../bench/raw-insert.js'

// Storage benchmarks on both backends, in one run: raw batched INSERT vs the store's idempotent,
// tenant-scoped write; event-stream rebuild with and without a snapshot; retention GC rate.
const recordCount = 50_000
const batchSize = 1_000
const eventCount = 100_000
const rounds = 3

interface Backend {
  name: string
  open(): Promise<{ store: SqlRecordStore; executor: SqlExecutor; close(): Promise<void> }>
}

const backends: Backend[] = [
  {
    name: 'PGlite',
    async open() {
      const dir = await mkdtemp(join(tmpdir(), 'aether-bench-'))
      const storage = await openPgliteStorage(dir)
      return { store: storage.store, executor: storage.executor, close: async () => { await storage.close(); await rm(dir, { recursive: true, force: true }) } }
    },
  },
  {
    name: 'PostgreSQL',
    async open() {
      const database = await freshDatabase()
      const storage = await openPostgresStorage(validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'bench'))
      return { store: storage.store, executor: storage.executor, close: async () => { await storage.close(); await database.drop() } }
    },
  },
]

function samples(tenant: string, daysOld = 0): AetherRecord[] {
  const startMs = Date.UTC(2023, 3, 30) - daysOld * 86_400_000
  return Array.from({ length: recordCount }, (_, i) => {
    const header = { source: 'spot-trace', sourceEventId: `us-east1-b/c3-highcpu-88/${i}/available`, contract: 'telemetry.v1' }
    return {
      ...header, id: recordId(header), tenant, timestamp: new Date(startMs + i * 30_000).toISOString(),
      region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', metric: 'spot_available', value: i % 5 === 0 ? 0 : 1,
    }
  })
}

async function timed(work: () => Promise<void>): Promise<number> {
  const startedMs = performance.now()
  await work()
  return (performance.now() - startedMs) / 1000
}

async function rawInsertRate(backend: Backend, records: AetherRecord[]): Promise<number> {
  const { executor, close } = await backend.open()
  const seconds = await timed(async () => {
    for (let start = 0; start < records.length; start += batchSize) {
      await executor.query(rawInsertSql, [JSON.stringify(records.slice(start, start + batchSize))])
    }
  })
  await close()
  return records.length / seconds
}

/** The store's write of new records, then of the same records again (all already stored: the idempotent path). */
async function storeWriteRates(backend: Backend, records: AetherRecord[]): Promise<{ fresh: number; replay: number }> {
  const { store, close } = await backend.open()
  const writeAll = () => timed(async () => {
    for (let start = 0; start < records.length; start += batchSize) await store.writeBatch('bench', records.slice(start, start + batchSize))
  })
  const fresh = await writeAll()
  const replay = await writeAll()
  await close()
  return { fresh: records.length / fresh, replay: records.length / replay }
}

const counter: Projection<{ unavailable: number }> = {
  id: 'unavailable-count@1',
  initial: () => ({ unavailable: 0 }),
  apply: (state, event) => ({ unavailable: state.unavailable + ((event.data as { value: number }).value === 0 ? 1 : 0) }),
}

async function eventStoreTimes(backend: Backend): Promise<{ fullReplayPerSecond: number; snapshotRebuildSeconds: number }> {
  const { executor, close } = await backend.open()
  const events = new SqlEventStore(executor, Number.MAX_SAFE_INTEGER)
  let version = 0
  for (let start = 0; start < eventCount - batchSize; start += batchSize) {
    version = await events.append('bench', 'pool/us-east1-b/c3', version,
      Array.from({ length: batchSize }, (_, i) => ({ type: 'sample', data: { value: (start + i) % 5 === 0 ? 0 : 1 } })))
  }
  const full = await events.rebuild('bench', 'pool/us-east1-b/c3', counter, { useSnapshot: false })
  await events.saveSnapshot('bench', 'pool/us-east1-b/c3', counter.id, full.version, full.state)
  await events.append('bench', 'pool/us-east1-b/c3', version,
    Array.from({ length: batchSize }, () => ({ type: 'sample', data: { value: 0 } })))
  const fullSeconds = await timed(async () => { await events.rebuild('bench', 'pool/us-east1-b/c3', counter, { useSnapshot: false }) })
  const snapshotSeconds = await timed(async () => {
    const rebuilt = await events.rebuild('bench', 'pool/us-east1-b/c3', counter)
    if (rebuilt.version !== eventCount || rebuilt.replayed !== batchSize) throw new Error('the rebuild did not start from the snapshot')
  })
  await close()
  return { fullReplayPerSecond: eventCount / fullSeconds, snapshotRebuildSeconds: snapshotSeconds }
}

async function gcDeleteRate(backend: Backend): Promise<number> {
  const { store, close } = await backend.open()
  const old = samples('bench', 400)
  for (let start = 0; start < old.length; start += batchSize) await store.writeBatch('bench', old.slice(start, start + batchSize))
  let deleted = 0
  const seconds = await timed(async () => { deleted = (await store.retention.collect('bench', { batchSize })).deleted })
  if (deleted !== old.length) throw new Error(`GC deleted ${deleted} of ${old.length}`)
  await close()
  return deleted / seconds
}

const records = samples('bench')
const rows: string[] = []
for (const backend of backends) {
  const raw: number[] = []
  const store: number[] = []
  const replay: number[] = []
  for (let round = 1; round <= rounds; round++) {
    raw.push(await rawInsertRate(backend, records))
    const rates = await storeWriteRates(backend, records)
    store.push(rates.fresh)
    replay.push(rates.replay)
    process.stderr.write(`${backend.name} round ${round}: raw ${Math.round(raw.at(-1) as number)}/s, store ${Math.round(rates.fresh)}/s, replayed ${Math.round(rates.replay)}/s\n`)
  }
  const events = await eventStoreTimes(backend)
  const gc = await gcDeleteRate(backend)
  const ratio = median(store) / median(raw)
  process.stderr.write(`${backend.name}: ratio ${(ratio * 100).toFixed(1)} %, rebuild ${events.snapshotRebuildSeconds.toFixed(3)} s, replay ${Math.round(events.fullReplayPerSecond)}/s, gc ${Math.round(gc)}/s\n`)
  rows.push(`| ${backend.name} | ${Math.round(median(raw)).toLocaleString('en')} | ${Math.round(median(store)).toLocaleString('en')} | ` +
    `**${(ratio * 100).toFixed(1)} %** ${ratio >= 0.7 ? '(met)' : '(not met)'} | ${Math.round(median(replay)).toLocaleString('en')} | ${events.snapshotRebuildSeconds.toFixed(3)} s ` +
    `${events.snapshotRebuildSeconds < 1 ? '(met)' : '(not met)'} | ${Math.round(events.fullReplayPerSecond).toLocaleString('en')} | ${Math.round(gc).toLocaleString('en')} |`)
}

await writeSection('storage', `
## Storage backends

${new Date().toISOString().slice(0, 10)} on ${machine()}.

Writes: ${recordCount.toLocaleString('en')} telemetry records in batches of ${batchSize}, median of ${rounds} rounds, each into a
fresh database. *Raw* is a plain batched \`INSERT ... SELECT FROM jsonb_array_elements\` as the table owner; *store* is
\`writeBatch\` of new records: checks, tenant scope (role and row-level security), a plain insert and the audit
entries of decisions. *Replayed* writes the same records again into that store: each batch's plain insert
fails on the unique key and the batch is retried with \`ON CONFLICT DO NOTHING\`, which stores nothing. Events: one stream of ${eventCount.toLocaleString('en')} events; the rebuild reads a snapshot
at ${(eventCount - batchSize).toLocaleString('en')} plus the ${batchSize.toLocaleString('en')}-event tail; the full replay reads every event.
GC: ${recordCount.toLocaleString('en')} expired records deleted in batches of ${batchSize}.

| backend | raw insert records/s | store write records/s | store / raw (target ≥ 70 %) | replayed records/s | rebuild 100k via snapshot (target < 1 s) | full replay events/s | GC deletes/s |
|---|---|---|---|---|---|---|---|
${rows.join('\n')}
`)
