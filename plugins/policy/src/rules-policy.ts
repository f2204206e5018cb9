import type {
  AetherRecord, AppliedGuardrail, Decision, DecisionAction, ForecastV1, ItemResult, MoveAdmission, PolicyEngine, StageContext,
  WorkloadDecision,
} from '@aether/plugin-api'
import { Guardrails, type Proposal, type Review } from './guardrails/guardrails.js'
import { SharedGuardrails } from './guardrails/shared-guardrails.js'
import type { Workload } from './rules-config.js'
import type { LoadedRules } from './rules/load-rules.js'
import { settingsFor, type Settings } from './rules/match-rules.js'

/** Identifies the rules policy in every decision; bump when the evaluation (not the rules) changes. */
export const rulesPolicyId = 'rules@1'

const severity: Record<DecisionAction, number> = { hold: 0, migrate: 1, drain: 2 }
// Distance from the nearest threshold at which the policy is fully confident, as in threshold@1.
const confidentDistance = 0.25

/** What the rules propose for one workload of a forecast, before the guardrails. */
interface Draft {
  forecast: ForecastV1
  workload: Workload
  settings: Settings
  proposed: DecisionAction
  proposal: Proposal
}

/**
 * Decides hold, migrate or drain per workload from rules as data (attribute conditions and
 * thresholds), then passes every move through the guardrails. Each decision stores its inputs,
 * the model, the rules version, the rules fired and the guardrails applied. The guardrails'
 * memory is this object's until `shareGuardrails` puts it in storage.
 */
export class RulesPolicy implements PolicyEngine {
  readonly name = 'rules'
  readonly #guardrails = new Guardrails()
  #shared: SharedGuardrails | undefined
  // The workloads by pool: a forecast looks only at its pool's.
  readonly #byPool = new Map<string, Workload[]>()
  #rules: LoadedRules

  constructor(rules: LoadedRules, readonly workloads: readonly Workload[] = []) {
    this.#rules = rules
    for (const workload of workloads) {
      const onPool = this.#byPool.get(workload.pool)
      if (onPool === undefined) this.#byPool.set(workload.pool, [workload])
      else onPool.push(workload)
    }
  }

  /** The rules in force. */
  get rules(): LoadedRules {
    return this.#rules
  }

  /** Puts new rules in force for the next decision; guardrail state (windows, cool-downs) carries over. */
  replaceRules(rules: LoadedRules): void {
    this.#rules = rules
  }

  /**
   * Keeps the guardrails' memory (rate windows, cool-downs, verdicts by decision) in storage from
   * now on, shared with every policy process on the same database. Only `decideBatch` uses it.
   */
  shareGuardrails(admission: MoveAdmission, where?: string): void {
    this.#shared = new SharedGuardrails(admission, where)
  }

  /**
   * Restores the guardrails' memory from stored decision.v2 records of this policy (oldest
   * first): the moves in them count towards rate windows and cool-downs after a restart.
   */
  restoreGuardrails(records: readonly AetherRecord[]): number {
    const past = records.filter((record) => record.contract === 'decision.v2' && record.policy === rulesPolicyId).map((record) => ({
      tenant: record.tenant, region: String(record.region), workload: String(record.workload), action: record.action as DecisionAction,
      atMs: Date.parse(String(record.timestamp)), decisionKey: `${String(record.forecastId)}/${String(record.workload)}`,
      applied: ((record.details as { guardrails?: AppliedGuardrail[] } | undefined)?.guardrails ?? []),
    }))
    this.#guardrails.restore(past)
    return past.length
  }

  async decideBatch(forecasts: ForecastV1[], _context: StageContext): Promise<Array<ItemResult<Decision>>> {
    if (this.#shared === undefined) return forecasts.map((forecast) => ({ isOk: true, value: this.decide(forecast) }))
    // One set of rules for the whole batch, even if a reload lands while storage answers.
    const loaded = this.#rules
    const drafts = forecasts.map((forecast) => this.#draft(forecast, loaded))
    const reviews = await this.#shared.reviewBatch(drafts.flat().map((draft) => draft.proposal), loaded.rules.guardrails)
    // One review per proposal, in order (reviewBatch checks the storage's count).
    let next = 0
    return drafts.map((forecastDrafts, index) => {
      const workloads = forecastDrafts.map((draft) => workloadDecision(draft, reviews[next++] as Review, loaded.version))
      return { isOk: true, value: this.#decision(forecasts[index] as ForecastV1, workloads, loaded.version) }
    })
  }

  /** The decision for one forecast under the in-memory guardrails: one entry per workload on its pool. */
  decide(forecast: ForecastV1): Decision {
    const loaded = this.#rules
    const workloads = this.#draft(forecast, loaded).map((draft) =>
      workloadDecision(draft, this.#guardrails.review(draft.proposal, loaded.rules.guardrails), loaded.version))
    return this.#decision(forecast, workloads, loaded.version)
  }

  // The pool's action is the most severe of its workloads'.
  #decision(forecast: ForecastV1, workloads: WorkloadDecision[], version: string): Decision {
    const top = workloads.reduce((a, b) => (severity[b.action] > severity[a.action] ? b : a))
    const moved = workloads.filter((decision) => decision.action !== 'hold').length
    return {
      action: top.action, confidence: top.confidence, policy: rulesPolicyId, workloads,
      explanation: `${top.action}: ${moved} of ${workloads.length} workloads on ${forecast.pool} move (rules ${version}).`,
    }
  }

  #workloadsOn(forecast: ForecastV1): Workload[] {
    const listed = (this.#byPool.get(forecast.pool) ?? []).filter((workload) =>
      (workload.tenant === undefined || workload.tenant === forecast.tenant) &&
      (workload.region === undefined || workload.region === forecast.region) &&
      (workload.zone === undefined || workload.zone === forecast.zone))
    return listed.length > 0 ? listed : [{ id: `${forecast.zone ?? forecast.region}/${forecast.pool}`, pool: forecast.pool, attributes: {} }]
  }

  #draft(forecast: ForecastV1, loaded: LoadedRules): Draft[] {
    const atMs = Date.parse(forecast.timestamp)
    return this.#workloadsOn(forecast).map((workload) => {
      const subject = { tenant: forecast.tenant, region: forecast.region, pool: forecast.pool, attributes: workload.attributes }
      const settings = settingsFor(loaded.rules, forecast.zone === undefined ? subject : { ...subject, zone: forecast.zone })
      const proposed = proposedAction(forecast.probability, settings)
      const proposal: Proposal = {
        tenant: forecast.tenant, region: forecast.region, workload: workload.id, action: proposed, atMs,
        decisionKey: `${forecast.id}/${workload.id}`,
      }
      return { forecast, workload, settings, proposed, proposal }
    })
  }
}

/** A workload's decision: the rules' proposal as the guardrails reviewed it, explained. */
function workloadDecision(draft: Draft, review: Review, rulesVersion: string): WorkloadDecision {
  const { forecast, workload, settings, proposed } = draft
  const p = forecast.probability
  const nearest = Math.min(Math.abs(p - settings.migrateAt), Math.abs(p - settings.drainAt))
  const confidence = round(0.5 + 0.5 * Math.min(1, nearest / confidentDistance))
  return {
    workload: workload.id,
    action: review.action,
    confidence,
    riskAllocation: riskAllocation(review.action, p, settings),
    policy: rulesPolicyId,
    explanation: explain(forecast, workload.id, proposed, review.action, settings, review.applied),
    details: {
      inputs: { probability: p, horizonMinutes: forecast.horizonMinutes, features: forecast.features, attributes: workload.attributes },
      model: forecast.model,
      rulesVersion,
      proposedAction: proposed,
      rulesFired: settings.fired,
      guardrails: review.applied,
    },
  }
}

/** The thresholds' action, capped by the rules' most severe allowed action. */
function proposedAction(p: number, settings: Settings): DecisionAction {
  const byThreshold: DecisionAction = p >= settings.drainAt ? 'drain' : p >= settings.migrateAt ? 'migrate' : 'hold'
  return severity[byThreshold] > severity[settings.maxAction] ? settings.maxAction : byThreshold
}

/**
 * The share of the workload to move now: none on hold, all on drain; a migrate moves half at the
 * migrate threshold, rising to all at the drain threshold, capped by `maxRiskAllocation`.
 */
function riskAllocation(action: DecisionAction, p: number, settings: Settings): number {
  if (action === 'hold') return 0
  if (action === 'drain') return 1
  const span = settings.drainAt - settings.migrateAt
  const share = span <= 0 ? 1 : 0.5 + 0.5 * Math.min(1, Math.max(0, (p - settings.migrateAt) / span))
  return round(Math.min(settings.maxRiskAllocation, share))
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}

function explain(
  forecast: ForecastV1, workload: string, proposed: DecisionAction, action: DecisionAction, settings: Settings,
  guardrails: AppliedGuardrail[],
): string {
  const where = forecast.zone ?? forecast.region
  const rules = settings.fired.length === 0 ? 'no rule fired' : `rules fired: ${settings.fired.map((rule) => rule.id).join(', ')}`
  const held = guardrails.find((guardrail) => guardrail.outcome === 'held')
  const outcome = held === undefined ? '' : `; ${proposed} held by guardrail ${held.name} (${held.detail})`
  return `${action} ${workload}: P(preemption within ${forecast.horizonMinutes} min) for ${forecast.pool} in ${where} is ` +
    `${forecast.probability.toFixed(3)}, migrate from ${settings.migrateAt}, drain from ${settings.drainAt}, ` +
    `at most ${settings.maxAction}; ${rules}${outcome} (model ${forecast.model}).`
}
