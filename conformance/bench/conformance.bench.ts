import { createHash } from 'node:crypto'
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { performance } from 'node:perf_hooks'
import { adapterContracts, type AdapterKind } from '@aether/plugin-sandbox-host'
import { machine, median, writeSection } from '../../bench/report.js'
import { runConformance } from '../src/index.js'

// A full conformance run of one adapter, per kind, and of each example adapter the project ships:
// the target is under 5 s, aiming for 2 s. Each run starts its own sandbox pool, as
// `aether conformance run` does.
const runsPerKind = 3
const kinds: AdapterKind[] = ['enricher', 'validator', 'forecaster', 'policy', 'source']
const examples = ['keyword-enricher', 'spot-rules-validator', 'volatility-forecaster', 'gcp-status-feed']
const root = await mkdtemp(join(tmpdir(), 'aether-conformance-bench-'))

async function adapterFolder(kind: AdapterKind): Promise<string> {
  const folder = join(root, kind)
  await cp(new URL(`../test/adapters/${kind}.js`, import.meta.url), join(folder, 'adapter.js'))
  const source = await readFile(join(folder, 'adapter.js'))
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: `bench-${kind}`, version: '1.0.0' }))
  await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({
    kind, name: `bench-${kind}`, version: '1.0.0', engine: '^0.1.0', entry: 'adapter.js', capabilities: [],
    limits: { timeoutMs: 2_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 },
    input: adapterContracts[kind].input, output: kind === 'source' ? 'telemetry.v1' : adapterContracts[kind].outputs[0],
    sha512: createHash('sha512').update(source).digest('hex'),
  }))
  return folder
}

const exampleFolder = (name: string) => fileURLToPath(new URL(`../../adapters/${name}`, import.meta.url))
const rows: string[] = []
try {
  const subjects = [
    ...kinds.map((kind) => ({ label: `${kind} (test adapter)`, folder: () => adapterFolder(kind) })),
    ...examples.map((name) => ({ label: `\`adapters/${name}\``, folder: async () => exampleFolder(name) })),
  ]
  for (const { label, folder: makeFolder } of subjects) {
    const folder = await makeFolder()
    const seconds: number[] = []
    let rate = 0
    let reference = 0
    for (let run = 0; run < runsPerKind; run += 1) {
      const started = performance.now()
      const report = await runConformance(folder)
      seconds.push((performance.now() - started) / 1000)
      if (report.verdict !== 'pass') throw new Error(`${label} did not pass: ${JSON.stringify(report.checks.filter((check) => check.status !== 'pass'))}`)
      const measured = report.checks.find((check) => check.id === 'performance')?.measurements
      rate = measured?.recordsPerSecond ?? 0
      reference = measured?.referenceRecordsPerSecond ?? 0
    }
    const time = median(seconds)
    process.stderr.write(`${label}: ${time.toFixed(2)} s per run\n`)
    rows.push(`| ${label} | ${time.toFixed(2)} s | ${time < 2 ? 'met' : time < 5 ? 'under 5 s, not 2 s' : 'not met'} | ${rate.toLocaleString('en-US')} | ${reference.toLocaleString('en-US')} |`)
  }
} finally {
  await rm(root, { recursive: true, force: true })
}

await writeSection('conformance', `
## Conformance run

A full \`runConformance\` of each kind's well-behaved test adapter (\`conformance/test/adapters/\`) and of
each example adapter in \`adapters/\` (the source with its recorded fetch traffic, docs/conformance.md):
package checks, golden contract, determinism, idempotency, bad input, isolation, the 1,000-input
load run and capabilities, in a sandbox pool it starts and stops itself; median of ${runsPerKind} runs.
Target: under 5 s, aim 2 s. The last two columns are the performance check's measurements of the
last run: the adapter's rate in the sandbox at batch 1,000 and the in-process reference rate.
Machine: ${machine()}.

| adapter | full run | target (2 s) | sandboxed records/s | in-process reference records/s |
|---|---|---|---|---|
${rows.join('\n')}
`)
