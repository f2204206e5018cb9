import { recordId, type ForecastV1, type PolicyEngine, type StageContext } from '@aether/plugin-api'
import { machine, median, writeSection } from '../../../bench/report.js'
import { parseRules } from '../src/rules/load-rules.js'
import { RulesPolicy } from '../src/rules-policy.js'
import { ThresholdPolicy } from '../src/threshold-policy.js'

// Policy evaluations per second: threshold@1 (two cut-offs) as the baseline, and rules@1 with a
// 20-rule ABAC file and guardrails, deciding one workload per pool and four per pool.
const forecastCount = 50_000
const batchSize = 1_000
const rounds = 5
const pools = 500
const regions = ['us-east1', 'us-central1', 'europe-west4', 'asia-east1']
const context = { tenant: 'bench', signal: new AbortController().signal, traceId: 'bench' } as StageContext

const forecasts: ForecastV1[] = Array.from({ length: forecastCount }, (_, i) => {
  const pool = `pool-${i % pools}`
  const region = regions[i % regions.length] as string
  const timestamp = new Date(Date.UTC(2023, 3, 30) + Math.floor(i / pools) * 3_600_000).toISOString()
  const header = { source: 'forecaster:heuristic-baseline', sourceEventId: `${region}/${pool}@${timestamp}`, contract: 'forecast.v1' as const }
  return {
    ...header, id: recordId(header), tenant: 'bench', timestamp, region, zone: `${region}-b`, pool, horizonMinutes: 60,
    // A spread of risks, about one in five at or above the default migrate threshold.
    probability: ((i * 7919) % 1000) / 1000 * 0.62 + 0.01 * (i % 3), model: 'heuristic-baseline@1', features: { unavailableShare: 0.2 },
  }
})

const rules = parseRules(JSON.stringify({
  version: 1,
  rules: Array.from({ length: 20 }, (_, n) => ({
    id: `rule-${n}`,
    when: n % 4 === 0 ? { region: [regions[n % regions.length]] } : n % 4 === 1 ? { workload: { tier: [`tier-${n % 3}`] } }
      : n % 4 === 2 ? { tenant: ['bench'], pool: [`pool-${n}`, `pool-${n + 1}`] } : { workload: { team: ['payments', 'search'] } },
    then: n % 2 === 0 ? { migrateAt: 0.45 } : { maxAction: 'migrate', maxRiskAllocation: 0.8 },
  })),
  guardrails: { migrationRate: { max: 50, windowMinutes: 60 }, cooldownMinutes: 60 },
}), 'bench-rules.json')
const workloads = (perPool: number) => Array.from({ length: pools * perPool }, (_, i) => ({
  id: `workload-${i}`, pool: `pool-${i % pools}`, attributes: { tier: `tier-${i % 3}`, team: i % 2 === 0 ? 'payments' : 'batch' },
}))

async function evaluationsPerSecond(makePolicy: () => PolicyEngine): Promise<{ forecasts: number; workloads: number }> {
  // A fresh policy per round: the guardrails start with no history each time.
  const policy = makePolicy()
  let workloadDecisions = 0
  const startedMs = performance.now()
  for (let start = 0; start < forecasts.length; start += batchSize) {
    const results = await policy.decideBatch(forecasts.slice(start, start + batchSize), context)
    for (const result of results) workloadDecisions += result.isOk ? result.value.workloads?.length ?? 1 : 0
  }
  const seconds = (performance.now() - startedMs) / 1000
  return { forecasts: forecastCount / seconds, workloads: workloadDecisions / seconds }
}

const engines: Array<{ name: string; make: () => PolicyEngine }> = [
  { name: 'threshold@1', make: () => new ThresholdPolicy({ migrateAt: 0.5, drainAt: 0.8 }) },
  { name: 'rules@1, 20 rules, 1 workload per pool', make: () => new RulesPolicy(rules) },
  { name: 'rules@1, 20 rules, 4 workloads per pool', make: () => new RulesPolicy(rules, workloads(4)) },
]

const measured: Array<{ name: string; forecasts: number; workloads: number }> = []
for (const engine of engines) {
  await evaluationsPerSecond(engine.make)
  const perRound: Array<{ forecasts: number; workloads: number }> = []
  for (let round = 0; round < rounds; round++) perRound.push(await evaluationsPerSecond(engine.make))
  const result = { name: engine.name, forecasts: median(perRound.map((r) => r.forecasts)), workloads: median(perRound.map((r) => r.workloads)) }
  measured.push(result)
  process.stderr.write(`${engine.name}: ${Math.round(result.forecasts)} forecasts/s, ${Math.round(result.workloads)} workload decisions/s\n`)
}

const baseline = measured[0]?.forecasts ?? 1
await writeSection('policy', `
## Policy evaluations

${new Date().toISOString().slice(0, 10)} on ${machine()}.

\`decideBatch\` over ${forecastCount.toLocaleString('en')} forecasts (${pools} pools in ${regions.length} regions, hourly) in batches of
${batchSize.toLocaleString('en')}, in process, median of ${rounds} rounds after a warm-up, each round with a fresh policy (no guardrail
history). rules@1 evaluates a 20-rule ABAC file (region, tenant, pool and workload-attribute conditions) and the
guardrails (kill switch, cool-down, 50 moves per tenant and region per hour) for every workload, and builds the
stored explanation of each decision. The ratio is forecasts/s against threshold@1 in the same run.

| engine | forecasts/s | workload decisions/s | vs threshold@1 |
|---|---|---|---|
${measured.map((m) => `| ${m.name} | ${Math.round(m.forecasts).toLocaleString('en')} | ${Math.round(m.workloads).toLocaleString('en')} | ${(m.forecasts / baseline * 100).toFixed(1)} % |`).join('\n')}
`)
