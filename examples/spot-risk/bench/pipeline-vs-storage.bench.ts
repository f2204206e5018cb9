import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createKernelFromConfig, loadConfig, runPipeline, type AetherRecord } from '@aether/core'
import { PGlite } from '@electric-sql/pglite'
import { pgliteExecutor } from '@aether/plugin-storage-pglite'
import { migrate } from '@aether/storage-sql'
import { machine, median, writeSection } from '../../../bench/report.js'
import { sourceRecords } from './source-records.js'
import { rawInsertSql } from '../../../bench/raw-insert.js'

// Embedded pipeline vs raw PGlite batched inserts, on the same records and batch size, in one run.
const pipelineFile = fileURLToPath(new URL('../pipeline.json', import.meta.url))
const batchSize = 1000
const rounds = 5

async function freshDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'aether-bench-'))
}

/**
 * Plain batched INSERTs of the same records into the same (migrated) table, in the same JSON
 * shape the store sends, straight into PGlite on this thread, without idempotency or anything
 * else: the storage's physical limit.
 */
async function rawInsertRate(records: AetherRecord[]): Promise<number> {
  const dir = await freshDir()
  const db = await PGlite.create(dir)
  await migrate(pgliteExecutor(db))
  const startedMs = performance.now()
  for (let start = 0; start < records.length; start += batchSize) {
    await db.query(rawInsertSql, [JSON.stringify(records.slice(start, start + batchSize))])
  }
  const seconds = (performance.now() - startedMs) / 1000
  await db.close()
  await rm(dir, { recursive: true, force: true })
  return records.length / seconds
}

/** The whole embedded pipeline (in-process bus, PGlite on disk), records in per second. */
async function pipelineRate(): Promise<{ rate: number; rowsWritten: number }> {
  const dir = await freshDir()
  const loaded = await loadConfig({ file: pipelineFile, flags: ['log.level=warn', `plugins.0.config.dataDir=${dir}`, `pipeline.batchSize=${batchSize}`] })
  const kernel = await createKernelFromConfig(loaded)
  await kernel.start()
  const summary = await runPipeline(kernel)
  await kernel.stop()
  await rm(dir, { recursive: true, force: true })
  return { rate: summary.counts.recordsIn / (summary.elapsedMs / 1000), rowsWritten: summary.counts.stored }
}

const records = await sourceRecords(pipelineFile)
const raw: number[] = []
const pipeline: number[] = []
let rowsWritten = 0
for (let round = 1; round <= rounds; round++) {
  raw.push(await rawInsertRate(records))
  const run = await pipelineRate()
  pipeline.push(run.rate)
  rowsWritten = run.rowsWritten
  process.stderr.write(`round ${round}/${rounds}: raw ${Math.round(raw.at(-1) as number)}/s, pipeline ${Math.round(run.rate)}/s\n`)
}
const rawRate = median(raw)
const pipelineMedian = median(pipeline)
const ratio = pipelineMedian / rawRate
const target = 0.5
await writeSection('pipeline-vs-storage', `
## Embedded pipeline vs raw PGlite writes

${new Date().toISOString().slice(0, 10)} on ${machine()}.

The spot-risk replay (${records.length.toLocaleString('en')} records, batches of ${batchSize}), median of ${rounds} rounds.
The raw baseline inserts the same records as plain batched \`INSERT ... SELECT FROM jsonb_array_elements\`
statements (no conflict handling, no transaction of its own) into the same migrated table of a fresh file-backed PGlite,
called directly on the benchmark's thread. The pipeline runs every stage (validate, enrich, forecast, decide, idempotent
writes of ${rowsWritten.toLocaleString('en')} rows in tenant-scoped transactions with audit entries) on the in-process bus
into its own fresh PGlite, which the storage plugin runs in a worker thread; its rate counts records entering the pipeline.

| measure | records/s |
|---|---|
| raw PGlite batched insert | ${Math.round(rawRate).toLocaleString('en')} |
| embedded pipeline, end to end | ${Math.round(pipelineMedian).toLocaleString('en')} |
| **ratio** (target ≥ ${target * 100} %) | **${(ratio * 100).toFixed(1)} %** ${ratio >= target ? '(met)' : '(not met)'} |

Rounds: raw ${raw.map((r) => Math.round(r)).join(', ')}; pipeline ${pipeline.map((r) => Math.round(r)).join(', ')}.
`)
process.stdout.write(`pipeline ${Math.round(pipelineMedian)}/s vs raw ${Math.round(rawRate)}/s: ${(ratio * 100).toFixed(1)} %\n`)
