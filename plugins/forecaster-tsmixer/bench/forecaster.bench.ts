import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { createLogger, type ForecastInput } from '@aether/core'
import { HeuristicForecaster } from '@aether/plugin-forecaster'
import { TsmixerForecaster } from '../src/index.js'
import { parseSpotTrace } from '../src/trace-windows.js'
import { evenTicks, forecastInputOf } from '../test/test-inputs.js'
import { machine, median, writeSection } from '../../../bench/report.js'

// Forecast inputs cut from a vendored trace with prices: 32-tick windows, as the pipeline builds them.
const tracePath = fileURLToPath(new URL('../../../training/forecaster/data/spot-traces/preemption/1-node/aws-04-22-2023/us-west-2b_v100_1.json', import.meta.url))
const trace = parseSpotTrace(readFileSync(tracePath, 'utf8'))
const all = evenTicks(trace.available, trace.gapSeconds, (i) => trace.prices[i] as number)
function inputs(count: number): ForecastInput[] {
  return Array.from({ length: count }, (_, i) => {
    const end = 32 + ((i * 37) % (all.length - 33))
    return forecastInputOf(all.slice(end - 32, end))
  })
}

const logger = createLogger({ level: process.env.BENCH_LOG === undefined ? 'silent' : 'warn' })
const context = { tenant: 't', traceId: 'bench', logger, signal: new AbortController().signal }
const tsmixer = await TsmixerForecaster.create({ timeoutMs: 30_000, minTicks: 16, signalHalfLifeHours: 6 }, logger)
const heuristic = new HeuristicForecaster({ horizonMinutes: 60, signalHalfLifeHours: 6 })

interface Row { batch: number; forecaster: string; perSecond: number; p50: number; p99: number }
const rows: Row[] = []
for (const batch of [1, 10, 100, 1000]) {
  const batchInputs = inputs(batch)
  const rounds = Math.max(20, Math.round(4000 / batch))
  for (const [name, forecaster] of [['tsmixer@2', tsmixer], ['heuristic-baseline@1', heuristic]] as const) {
    for (let i = 0; i < 5; i++) await forecaster.forecastBatch(batchInputs, context) // warm-up
    const times: number[] = []
    for (let r = 0; r < rounds; r++) {
      const started = performance.now()
      const results = await forecaster.forecastBatch(batchInputs, context)
      times.push(performance.now() - started)
      if (name === 'tsmixer@2' && results.some((x) => !x.isOk || x.value.model !== 'tsmixer@2')) throw new Error(`the bench windows must be answered by the TSMixer: ${JSON.stringify(results.find((x) => !x.isOk || x.value.model !== 'tsmixer@2'))}`)
    }
    times.sort((a, b) => a - b)
    const p99 = times[Math.min(times.length - 1, Math.floor(times.length * 0.99))] as number
    rows.push({ batch, forecaster: name, perSecond: (batch * times.length) / times.reduce((a, b) => a + b, 0) * 1000, p50: median(times), p99 })
    process.stderr.write(`batch ${batch} ${name}: ${Math.round(rows.at(-1)!.perSecond)} forecasts/s, p99 ${p99.toFixed(2)} ms\n`)
  }
}
await tsmixer.close()

await writeSection('forecaster', `
## Forecasters: TSMixer on onnxruntime-node vs the heuristic

${new Date().toISOString().slice(0, 10)} on ${machine()}. \`forecastBatch\` of \`tsmixer@2\` (features \`spot-window@2\`
in TypeScript, drift check, one onnxruntime-node run per batch, CPU, one thread) and of \`heuristic-baseline@1\`, on 32-tick
windows cut from a vendored trace with prices (all answered by the TSMixer), in the benchmark's process. Latency is per
batch call; throughput is forecasts per second of call time. The tsmixer's figures include the heuristic, which it always
computes as its fallback.

| batch | forecaster | forecasts/s | p50 ms / batch | p99 ms / batch |
|---|---|---|---|---|
${rows.map((r) => `| ${r.batch} | ${r.forecaster} | ${Math.round(r.perSecond).toLocaleString('en-US')} | ${r.p50.toFixed(3)} | ${r.p99.toFixed(3)} |`).join('\n')}
`)
