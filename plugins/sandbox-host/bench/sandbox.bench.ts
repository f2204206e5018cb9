import { spawnSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createKernelFromConfig, createLogger, loadConfig, recordId, runPipeline } from '@aether/core'
import type { Enricher, Enrichment, ItemResult, SignalV1, StageContext } from '@aether/plugin-api'
import { LexiconEnricher, lexiconModel } from '@aether/plugin-enricher'
import { ReplaySource } from '@aether/plugin-sources'
import { readAdapter, SandboxedAdapter, SandboxedEnricher, SandboxPool } from '@aether/plugin-sandbox-host'
import { machine, median, writeSection } from '../../../bench/report.js'
import { callCost } from './call-cost.js'
import { benchModel, lexiconBundle } from './lexicon-bundle.js'

// The same enricher logic in process and sandboxed, batch by batch; the whole embedded spot-risk
// pipeline with the first-party enricher and with that logic sandboxed; and what an isolate costs.
const pipelineFile = fileURLToPath(new URL('../../../examples/spot-risk/pipeline.json', import.meta.url))
const batchSizes = [1, 100, 1000]
const rounds = 5
const roundMs = 1_000
const pipelineRounds = 3
const logger = createLogger({ level: 'silent' })
const context: StageContext = { tenant: 'bench', traceId: 'bench', logger, signal: new AbortController().signal }
const limits = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024 }

/** Installs the lexicon bundle as an adapter folder, with its real hash. */
async function installLexicon(dir: string): Promise<string> {
  const source = lexiconBundle()
  await writeFile(join(dir, 'adapter.js'), source)
  await writeFile(join(dir, 'package.json'), JSON.stringify({ name: 'aether-adapter-lexicon-sandboxed', version: '1.0.0' }))
  await writeFile(join(dir, 'aether-adapter.json'), JSON.stringify({
    kind: 'enricher', name: 'lexicon-sandboxed', version: '1.0.0', engine: '^0.1.0', entry: 'adapter.js', capabilities: [],
    limits, input: 'signal.v1', output: 'enrichment.v1', sha512: createHash('sha512').update(source).digest('hex'),
  }))
  return dir
}

/** The bundle evaluated in this process, with nothing between the stage and its logic. */
function inProcessEnricher(): Enricher {
  const scope: { adapter?: { process(records: SignalV1[]): Array<Record<string, unknown>> } } = {}
  new Function('globalThis', lexiconBundle())(scope)
  const adapter = scope.adapter as NonNullable<typeof scope.adapter>
  return {
    name: 'lexicon-in-process',
    async enrichBatch(signals) {
      return adapter.process(signals).map(({ vNews, bCapacity, model }): ItemResult<Enrichment> => ({ isOk: true, value: { vNews, bCapacity, model } as Enrichment }))
    },
  }
}

/** The spot-risk signals, repeated with fresh ids until there are `count`. */
async function benchSignals(count: number): Promise<SignalV1[]> {
  const { config, baseDir } = await loadConfig({ file: pipelineFile })
  const sources = config.plugins.find((entry) => entry.use === '@aether/plugin-sources')?.config as { replays: Array<{ inputs: Array<{ format: string }> }> }
  const incidents = sources.replays[0]?.inputs.filter((input) => input.format === 'gcp-incidents') ?? []
  const drafts: SignalV1[] = []
  for await (const batch of new ReplaySource('bench', incidents as never, baseDir).read(context)) {
    for (const draft of batch) if (draft.contract === 'signal.v1') drafts.push(draft as unknown as SignalV1)
  }
  return Array.from({ length: count }, (_, index) => {
    const draft = drafts[index % drafts.length] as SignalV1
    const header = { tenant: 'bench', contract: 'signal.v1' as const, source: draft.source, sourceEventId: `${draft.sourceEventId}#${index}` }
    return { ...draft, ...header, id: recordId(header) }
  })
}

/** Records per second through `enricher` in batches of `size`, for about `roundMs`. */
async function rate(enricher: Enricher, signals: SignalV1[], size: number): Promise<number> {
  let records = 0
  const startMs = performance.now()
  for (let start = 0; performance.now() - startMs < roundMs; start = (start + size) % (signals.length - size + 1)) {
    const batch = signals.slice(start, start + size)
    const results = await enricher.enrichBatch(batch, context)
    if (results.some((result) => !result.isOk)) throw new Error(`${enricher.name} failed a batch`)
    records += batch.length
  }
  return records / ((performance.now() - startMs) / 1000)
}

/** The embedded spot-risk pipeline, records in per second, with the first-party or the sandboxed enricher. */
async function pipelineRate(adapterDir: string | undefined): Promise<{ rate: number; enriched: number; invalid: number }> {
  const dataDir = await mkdtemp(join(tmpdir(), 'aether-bench-'))
  const loaded = await loadConfig({ file: pipelineFile, flags: ['log.level=warn', `plugins.0.config.dataDir=${dataDir}`] })
  if (adapterDir !== undefined) {
    loaded.config.plugins.push({ use: '@aether/plugin-sandbox-host', config: { adapters: [{ path: adapterDir }], poolSize: 2 } })
    loaded.config.pipeline.enricher = 'lexicon-sandboxed'
  }
  const kernel = await createKernelFromConfig(loaded)
  await kernel.start()
  const summary = await runPipeline(kernel)
  await kernel.stop()
  await rm(dataDir, { recursive: true, force: true })
  return { rate: summary.counts.recordsIn / (summary.elapsedMs / 1000), enriched: summary.counts.enrichments, invalid: summary.counts.invalid }
}

const ms = (value: number | undefined) => (value ?? Number.NaN).toFixed(2)
const ratio = (part: number | undefined, base: number | undefined) => `${((part ?? Number.NaN) / (base ?? Number.NaN)).toFixed(1)}×`
const sum = (values: Record<string, number>, names: string[]) => names.reduce((total, name) => total + (values[name] ?? 0), 0)
const percent = (ratio: number) => `${(ratio * 100).toFixed(1)} %`
const whole = (value: number) => Math.round(value).toLocaleString('en')
const adapterDir = await installLexicon(await mkdtemp(join(tmpdir(), 'aether-bench-adapter-')))
const signals = await benchSignals(5_000)

// Same output both ways, checked against the first-party enricher, before anything is timed.
const pool = new SandboxPool(1, logger)
// The product's default pool of two processes, which runs a batch of 500 or more as parts at once.
const pairPool = new SandboxPool(2, logger)
const poolStartMs = performance.now()
await pool.start()
const processStartMs = performance.now() - poolStartMs
const installed = await readAdapter(adapterDir, limits)
const sandboxedAdapter = new SandboxedAdapter(installed, pool, { maxLinesPerCall: 100, maxLineChars: 1_000 })
const sandboxed = new SandboxedEnricher(sandboxedAdapter)
await pairPool.start()
const sandboxedPair = new SandboxedEnricher(new SandboxedAdapter(installed, pairPool, { maxLinesPerCall: 100, maxLineChars: 1_000 }))
const inProcess = inProcessEnricher()
const coldStartMs = performance.now()
await sandboxed.enrichBatch(signals.slice(0, 1), context)
const firstCallMs = performance.now() - coldStartMs
const check = signals.slice(0, 1000)
const firstParty = await new LexiconEnricher().enrichBatch(check, context)
if (lexiconModel !== benchModel) throw new Error(`the first-party model is ${lexiconModel} now: update lexicon-bundle.ts`)
for (const [name, enricher] of [['in process', inProcess], ['sandboxed', sandboxed], ['sandboxed in two processes', sandboxedPair]] as const) {
  if (JSON.stringify(await enricher.enrichBatch(check, context)) !== JSON.stringify(firstParty)) throw new Error(`the ${name} bundle does not compute what the first-party enricher does`)
}
const warmStartMs = performance.now()
await sandboxed.enrichBatch(signals.slice(0, 1), context)
const warmCallMs = performance.now() - warmStartMs

const byBatch = []
for (const size of batchSizes) {
  const inRates: number[] = []
  const sandboxRates: number[] = []
  const pairRates: number[] = []
  for (let round = 0; round < rounds; round += 1) {
    inRates.push(await rate(inProcess, signals, size))
    sandboxRates.push(await rate(sandboxed, signals, size))
    pairRates.push(await rate(sandboxedPair, signals, size))
  }
  const row = { size, inProcess: median(inRates), sandboxed: median(sandboxRates), pair: median(pairRates) }
  byBatch.push(row)
  process.stderr.write(`batch ${size}: in process ${whole(row.inProcess)}/s, sandboxed ${whole(row.sandboxed)}/s (${percent(row.sandboxed / row.inProcess)}), two processes ${whole(row.pair)}/s (${percent(row.pair / row.inProcess)})\n`)
}
const cost = await callCost(inProcess, sandboxed, sandboxedAdapter, pool, signals.slice(0, 1000), context)
process.stderr.write(`one 1,000-record call: in process ${ms(cost.inProcessWallMs)} ms; sandboxed ${ms(cost.wallMs)} ms wall, host CPU ${ms(cost.hostCpuMs)} ms, sandbox process CPU ${ms(cost.sandboxCpuMs)} ms (isolate ${ms(cost.isolateCpuMs)} ms)\n`)
await pool.stop()
await pairPool.stop()

const firstPartyRates: number[] = []
const sandboxedRates: number[] = []
let enriched = 0
for (let round = 1; round <= pipelineRounds; round += 1) {
  const firstPartyRun = await pipelineRate(undefined)
  firstPartyRates.push(firstPartyRun.rate)
  const run = await pipelineRate(adapterDir)
  // The sandboxed enricher must fail nothing the first-party one does not (the replay holds some invalid records).
  if (run.enriched !== firstPartyRun.enriched || run.invalid !== firstPartyRun.invalid) {
    throw new Error(`sandboxed: ${run.enriched} enriched, ${run.invalid} invalid; first-party: ${firstPartyRun.enriched}, ${firstPartyRun.invalid}`)
  }
  sandboxedRates.push(run.rate)
  enriched = run.enriched
  process.stderr.write(`pipeline round ${round}/${pipelineRounds}: first-party ${whole(firstPartyRates.at(-1) as number)}/s, sandboxed ${whole(run.rate)}/s\n`)
}

// The batch the breakdown runs on: 1,000 signals, as a 1,000-record call carries them.
const batchFile = join(adapterDir, 'batch.json')
await writeFile(batchFile, JSON.stringify(signals.slice(0, 1000)))
const breakdownRun = spawnSync(process.execPath, ['--no-node-snapshot', '--import', 'tsx', fileURLToPath(new URL('./call-breakdown.ts', import.meta.url)), batchFile], { encoding: 'utf8' })
if (breakdownRun.status !== 0) throw new Error(`call-breakdown.ts failed: ${breakdownRun.stderr}`)
const breakdown = JSON.parse(breakdownRun.stdout) as Record<string, number>
await rm(adapterDir, { recursive: true, force: true })

const idleRun = spawnSync(process.execPath, ['--no-node-snapshot', '--import', 'tsx', fileURLToPath(new URL('./idle-isolates.ts', import.meta.url))], { encoding: 'utf8' })
if (idleRun.status !== 0) throw new Error(`idle-isolates.ts failed: ${idleRun.stderr}`)
const idle = JSON.parse(idleRun.stdout) as { count: number; startMs: number; contextMs: number; rssMb: number; heapMb: number }

const atThousand = byBatch.at(-1) as (typeof byBatch)[number]
const thousandRatio = atThousand.pair / atThousand.inProcess
const singleRatio = atThousand.sandboxed / atThousand.inProcess
const pipelineRatio = median(sandboxedRates) / median(firstPartyRates)
await writeSection('sandbox', `
## Sandboxed enricher vs in process

${new Date().toISOString().slice(0, 10)} on ${machine()}.

One enricher's logic (the first-party lexicon enricher's word lists and formula, without its cache, as one adapter
bundle: \`plugins/sandbox-host/bench/lexicon-bundle.ts\`), checked to compute exactly what the first-party enricher
does, run two ways on the spot-risk incident signals: *in process*, the bundle evaluated in the benchmark's process and
called directly; *sandboxed*, through \`SandboxedEnricher\`: the batch as one JSON string on a pipe to a supervised sandbox
process, a fresh isolated-vm context per call (made, with the host's bootstrap run in it, while the process waits for
the call; the bundle is evaluated in it by the call), the output serialized in the isolate and checked by the host (count, ids, tenants, enrichment shape), with one
sandbox process and with the default pool of two, which runs a batch of 500 or more as two parts at once
(docs/adapter-guide.md, "How a call runs"). Median of ${rounds} rounds of about ${roundMs / 1000} s each.

| batch | in process records/s | sandboxed, 1 process | / in process | sandboxed, 2 processes (default) | / in process |
|---|---|---|---|---|---|
${byBatch.map((row) => `| ${row.size.toLocaleString('en')} | ${whole(row.inProcess)} | ${whole(row.sandboxed)} | ${percent(row.sandboxed / row.inProcess)} | ${whole(row.pair)} | ${percent(row.pair / row.inProcess)} |`).join('\n')}

**At batch 1,000, default pool: ${percent(thousandRatio)}** (floor 50 %: ${thousandRatio >= 0.5 ? 'met' : 'not met'}; aim 80 %: ${thousandRatio >= 0.8 ? 'met' : 'not met'}); with one process ${percent(singleRatio)}.

Where a sandboxed call's time goes, on the real path: one 1,000-record call through \`SandboxedEnricher\` and one
sandbox process, beside the same batch in process, interleaved in rounds of 20, mean of 200 calls
(\`plugins/sandbox-host/bench/call-cost.ts\`). The sandbox process's CPU is all its threads (the isolate's, V8's
compiler and collector threads, the frame reads and writes); the isolate's own thread is what a call reports and the
daily CPU budget counts.

| one 1,000-record call | ms |
|---|---|
| in process: wall time | ${ms(cost.inProcessWallMs)} |
| in process: CPU | ${ms(cost.inProcessCpuMs)} |
| sandboxed: wall time | ${ms(cost.wallMs)} |
| sandboxed: host process CPU (batch to JSON, frames, output parsed and checked) | ${ms(cost.hostCpuMs)} |
| sandboxed: sandbox process CPU, all threads | ${ms(cost.sandboxCpuMs)} |
| of which the isolate's thread (parse, logic, output to JSON, in a fresh context) | ${ms(cost.isolateCpuMs)} |

The steps of that call that are not transport, one at a time: their CPU time, measured in one process
(\`plugins/sandbox-host/bench/call-breakdown.ts\`), median of 50.
*Fresh* is a new context per call, as the sandbox host runs every call; *warm* is one context
called again and again, which the host never does (it would carry state from one call, and one
tenant, to the next) and is shown only to tell the cost of the fresh context from that of the isolate.

| step of a 1,000-record call | CPU ms |
|---|---|
| in process: the logic, on the records as objects | ${ms(breakdown['in process logic'])} |
| host: the batch to JSON | ${ms(breakdown['host stringify'])} |
| isolate: the batch parsed (fresh context) | ${ms(breakdown['fresh parse'])} |
| isolate: the logic (fresh context) | ${ms(breakdown['fresh logic'])} |
| isolate: the logic (warm context) | ${ms(breakdown['warm logic'])} |
| isolate: the output to JSON (fresh context) | ${ms(breakdown['fresh stringify'])} |
| host: the output parsed | ${ms(breakdown['host parse'])} |

The logic alone costs ${ratio(breakdown['fresh logic'], breakdown['in process logic'])} its in-process time in a fresh context and
${ratio(breakdown['warm logic'], breakdown['in process logic'])} in a warm one; the four JSON steps the boundary needs add
${ratio(sum(breakdown, ['host stringify', 'fresh parse', 'fresh stringify', 'host parse']), breakdown['in process logic'])} more. A fresh context
starts the adapter's functions cold: V8 runs them unoptimized and optimizes them again in every call (its compiler
threads count in the sandbox process's CPU above). The fresh context per call is what keeps one tenant's records from
the next call (docs/security.md), so it stays.

The embedded spot-risk pipeline (every stage, PGlite on disk, batches of 1000), records in per second, median of
${pipelineRounds} rounds: the first-party \`lexicon\` enricher vs the same logic sandboxed (${whole(enriched)} signals enriched
per run, two sandbox processes). Signals are a small share of the replay's records and the sandboxed enricher
runs in other processes, beside the pipeline's own thread, so this ratio is mostly noise around 100 %.

| pipeline | records/s |
|---|---|
| first-party enricher | ${whole(median(firstPartyRates))} |
| sandboxed enricher | ${whole(median(sandboxedRates))} |
| **ratio** | **${percent(pipelineRatio)}** |

Isolates: a sandbox process is ready ${whole(processStartMs)} ms after it is forked; a new adapter's first call (its
source sent, an isolate made, the bundle compiled) took ${firstCallMs.toFixed(1)} ms and the next one-record call
${warmCallMs.toFixed(1)} ms. Measured over ${idle.count} isolates in one process, each isolate with a context and this bundle
run takes ${idle.startMs.toFixed(1)} ms to make, a fresh context for a call ${idle.contextMs.toFixed(2)} ms, and an idle isolate
holds ${idle.rssMb.toFixed(1)} MB of resident memory (V8 heap ${idle.heapMb.toFixed(1)} MB).
`)
process.stdout.write(`sandboxed at batch 1000: ${percent(thousandRatio)} of in process (one process ${percent(singleRatio)}); pipeline ${percent(pipelineRatio)}\n`)
