import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { createKernelFromConfig, loadConfig, runPipeline } from '@aether/core'
import { machine, median, writeSection } from '../../../bench/report.js'

// The embedded spot-risk pipeline with the learned forecaster (its default) and with the heuristic, same run.
const pipelineFile = fileURLToPath(new URL('../pipeline.json', import.meta.url))
const rounds = 3

async function pipelineRate(forecaster: string): Promise<{ rate: number; forecasts: number }> {
  const dir = await mkdtemp(join(tmpdir(), 'aether-bench-'))
  const loaded = await loadConfig({ file: pipelineFile, flags: ['log.level=error', `plugins.0.config.dataDir=${dir}`, `pipeline.forecaster=${forecaster}`] })
  const kernel = await createKernelFromConfig(loaded)
  await kernel.start()
  const summary = await runPipeline(kernel)
  await kernel.stop()
  await rm(dir, { recursive: true, force: true })
  return { rate: summary.counts.recordsIn / (summary.elapsedMs / 1000), forecasts: summary.counts.forecasts }
}

const rates: Record<string, number[]> = { tsmixer: [], 'heuristic-baseline': [] }
let forecasts = 0
for (let round = 1; round <= rounds; round++) {
  for (const forecaster of Object.keys(rates)) {
    const run = await pipelineRate(forecaster)
    rates[forecaster]?.push(run.rate)
    forecasts = run.forecasts
    process.stderr.write(`round ${round}/${rounds} ${forecaster}: ${Math.round(run.rate)} records/s\n`)
  }
}
const tsmixer = median(rates.tsmixer as number[])
const heuristic = median(rates['heuristic-baseline'] as number[])
await writeSection('forecaster-pipeline', `
## Embedded pipeline: TSMixer vs heuristic forecaster

${new Date().toISOString().slice(0, 10)} on ${machine()}. The spot-risk replay (\`examples/spot-risk/pipeline.json\`, in-process
bus, PGlite), median of ${rounds} rounds each, alternating; ${forecasts.toLocaleString('en')} forecasts per run. With \`tsmixer\` (the
default) the learned model answers the spot-trace pools and the heuristic the rest (docs/forecasting.md).

| forecaster | records in / s |
|---|---|
| tsmixer (with fallback) | ${Math.round(tsmixer).toLocaleString('en')} |
| heuristic-baseline | ${Math.round(heuristic).toLocaleString('en')} |
| **ratio** | **${((tsmixer / heuristic) * 100).toFixed(1)} %** |

Rounds: tsmixer ${(rates.tsmixer as number[]).map(Math.round).join(', ')}; heuristic ${(rates['heuristic-baseline'] as number[]).map(Math.round).join(', ')}.
`)
