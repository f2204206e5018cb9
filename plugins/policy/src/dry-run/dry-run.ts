import type { Decision, DecisionAction, ForecastV1, PolicyEngine, RecordStorage, StageContext } from '@aether/plugin-api'

/** One workload whose decision differs between the live policy and the candidate. */
export interface DecisionChange {
  forecastId: string
  timestamp: string
  region: string
  zone?: string
  pool: string
  workload: string
  probability: number
  live: DecisionAction
  candidate: DecisionAction
  /** Why the candidate decided as it did. */
  explanation: string
}

/** What replaying forecasts through both policies showed. */
export interface DryRunReport {
  tenant: string
  forecasts: number
  /** Workload decisions compared (a workload the live policy does not name counts as its pool). */
  compared: number
  changed: number
  /** `live→candidate` transitions and how often each happened, e.g. `{ "hold→migrate": 3 }`. */
  transitions: Record<string, number>
  live: { policy: string; actions: Record<DecisionAction, number> }
  candidate: { policy: string; rulesVersion?: string; actions: Record<DecisionAction, number> }
  changes: DecisionChange[]
}

/** What to replay: a tenant's most recent forecasts in a window. */
export interface DryRunOptions {
  tenant: string
  from: string
  to: string
  /** At most this many of the most recent forecasts. */
  last: number
}

const batchSize = 1_000
// The window read first: enough for `last` of the most recent forecasts in all but huge stores.
const readLimit = 1_000_000

/**
 * Replays stored forecasts, oldest first, through the live policy and a candidate, and lists
 * every workload decision that differs. Both start with no guardrail history, so they are
 * compared on the same footing; neither decision is stored.
 */
export async function dryRun(storage: RecordStorage, live: PolicyEngine, candidate: PolicyEngine, context: StageContext, options: DryRunOptions): Promise<DryRunReport> {
  const stored = await storage.queryWindow({ tenant: options.tenant, contract: 'forecast.v1', from: options.from, to: options.to, limit: readLimit })
  const forecasts = (stored as unknown as ForecastV1[]).slice(-options.last)
  const report: DryRunReport = {
    tenant: options.tenant, forecasts: forecasts.length, compared: 0, changed: 0, transitions: {},
    live: { policy: '', actions: { hold: 0, migrate: 0, drain: 0 } },
    candidate: { policy: '', actions: { hold: 0, migrate: 0, drain: 0 } },
    changes: [],
  }
  for (let start = 0; start < forecasts.length; start += batchSize) {
    const batch = forecasts.slice(start, start + batchSize)
    const [liveResults, candidateResults] = [await live.decideBatch(batch, context), await candidate.decideBatch(batch, context)]
    batch.forEach((forecast, index) => {
      const liveResult = liveResults[index]
      const candidateResult = candidateResults[index]
      if (liveResult?.isOk !== true || candidateResult?.isOk !== true) return
      compare(report, forecast, byWorkload(forecast, liveResult.value), byWorkload(forecast, candidateResult.value))
    })
  }
  return report
}

interface Decided { action: DecisionAction; policy: string; explanation: string; rulesVersion?: string }

/** A decision as workload → action; a decision without workloads is one for the pool's implicit workload. */
function byWorkload(forecast: ForecastV1, decision: Decision): Map<string, Decided> {
  if (decision.workloads === undefined) {
    return new Map([[`${forecast.zone ?? forecast.region}/${forecast.pool}`, decision]])
  }
  return new Map(decision.workloads.map((workload) => [workload.workload, { ...workload, rulesVersion: workload.details.rulesVersion }]))
}

function compare(report: DryRunReport, forecast: ForecastV1, live: Map<string, Decided>, candidate: Map<string, Decided>): void {
  // A workload only one side names is compared with the other side's pool-wide decision.
  const poolWide = (decisions: Map<string, Decided>) => (decisions.size === 1 ? [...decisions.values()][0] : undefined)
  for (const workload of new Set([...live.keys(), ...candidate.keys()])) {
    const liveDecision = live.get(workload) ?? poolWide(live)
    const candidateDecision = candidate.get(workload) ?? poolWide(candidate)
    if (liveDecision === undefined || candidateDecision === undefined) continue
    report.compared += 1
    report.live.policy = liveDecision.policy
    report.live.actions[liveDecision.action] += 1
    report.candidate.policy = candidateDecision.policy
    if (candidateDecision.rulesVersion !== undefined) report.candidate.rulesVersion = candidateDecision.rulesVersion
    report.candidate.actions[candidateDecision.action] += 1
    if (liveDecision.action === candidateDecision.action) continue
    report.changed += 1
    const transition = `${liveDecision.action}→${candidateDecision.action}`
    report.transitions[transition] = (report.transitions[transition] ?? 0) + 1
    report.changes.push({
      forecastId: forecast.id, timestamp: forecast.timestamp, region: forecast.region,
      ...(forecast.zone === undefined ? {} : { zone: forecast.zone }), pool: forecast.pool, workload,
      probability: forecast.probability, live: liveDecision.action, candidate: candidateDecision.action,
      explanation: candidateDecision.explanation,
    })
  }
}

/** The report for people: totals, transitions, then one line per change (the first `shown`). */
export function describeDryRun(report: DryRunReport, shown = 50): string {
  const actions = (counts: Record<DecisionAction, number>) => `hold ${counts.hold}, migrate ${counts.migrate}, drain ${counts.drain}`
  const lines = [
    `Replayed ${report.forecasts} forecasts of tenant ${report.tenant}: ${report.compared} workload decisions compared, ${report.changed} changed.`,
    `  live       ${report.live.policy || '-'}: ${actions(report.live.actions)}`,
    `  candidate  ${report.candidate.policy || '-'}${report.candidate.rulesVersion === undefined ? '' : ` (${report.candidate.rulesVersion})`}: ${actions(report.candidate.actions)}`,
  ]
  for (const [transition, count] of Object.entries(report.transitions).sort()) lines.push(`  ${transition}: ${count}`)
  for (const change of report.changes.slice(0, shown)) {
    lines.push(`- ${change.live} + ${change.candidate}  ${change.timestamp} ${change.zone ?? change.region} ${change.workload} ` +
      `P=${change.probability.toFixed(3)}: ${change.explanation}`)
  }
  if (report.changes.length > shown) lines.push(`... and ${report.changes.length - shown} more (--json lists them all).`)
  return `${lines.join('\n')}\n`
}
