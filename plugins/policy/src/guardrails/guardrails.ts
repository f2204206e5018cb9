import type { AppliedGuardrail, DecisionAction, MoveVerdict } from '@aether/plugin-api'
import type { GuardrailSettings } from '../rules/rules-file.js'
import { killSwitchHold, reviewOf } from './guardrail-review.js'

/** A move the rules propose, at an event time. */
export interface Proposal {
  tenant: string
  region: string
  workload: string
  action: DecisionAction
  /** Event time in ms (the forecast's timestamp): replays see the same guardrails as live runs. */
  atMs: number
  /**
   * The decision this proposal is for (forecast id and workload). A proposal seen before (a
   * redelivered batch) gets the review it got then, and is not counted again.
   */
  decisionKey?: string
}

/** What the guardrails let through, and each one's say. */
export interface Review {
  action: DecisionAction
  applied: AppliedGuardrail[]
}

/** A decision made before this process started (a stored decision.v2), to restore guardrail state from. */
export interface PastDecision {
  tenant: string
  region: string
  workload: string
  action: DecisionAction
  atMs: number
  decisionKey: string
  applied: AppliedGuardrail[]
}

const minuteMs = 60_000
// Reviews remembered for redeliveries; a redelivery comes within minutes, so the newest suffice.
const rememberedReviews = 50_000

/**
 * The guardrails between a proposed move and a decision: the kill switch, the cool-down of each
 * workload, and the migration rate of each tenant and region over a sliding window. A move that
 * passes is counted; one that is held is not. State lives in this object; `restore` rebuilds it
 * from stored decisions when a process starts.
 */
export class Guardrails {
  // Times of the moves let through, per tenant and region, oldest first.
  readonly #moves = new Map<string, number[]>()
  // Time of each workload's latest move.
  readonly #lastMove = new Map<string, number>()
  // Reviews by decision key, oldest first.
  readonly #reviewed = new Map<string, Review>()

  /**
   * Reviews one proposal under the current settings; holds are never changed. A proposal with a
   * decision key seen before gets its earlier review, unless the kill switch is now on.
   */
  review(proposal: Proposal, settings: GuardrailSettings): Review {
    if (proposal.action === 'hold') return { action: 'hold', applied: [] }
    // The kill switch holds every move, also one reviewed before it was turned on.
    if (settings.killSwitch) return killSwitchHold()
    const { decisionKey } = proposal
    if (decisionKey === undefined) return this.#review(proposal, settings)
    const earlier = this.#reviewed.get(decisionKey)
    if (earlier !== undefined) return earlier
    const review = this.#review(proposal, settings)
    this.#reviewed.set(decisionKey, review)
    if (this.#reviewed.size > rememberedReviews) this.#reviewed.delete(this.#reviewed.keys().next().value as string)
    return review
  }

  /**
   * Takes in decisions made before (oldest first): their moves count towards the rate windows and
   * cool-downs, and each one's review is what a redelivery of its forecast gets.
   */
  restore(decisions: readonly PastDecision[]): void {
    for (const decision of decisions) {
      this.#reviewed.set(decision.decisionKey, { action: decision.action, applied: decision.applied })
      if (decision.action === 'hold') continue
      const regionKey = `${decision.tenant}/${decision.region}`
      const moves = this.#moves.get(regionKey) ?? []
      moves.push(decision.atMs)
      this.#moves.set(regionKey, moves.sort((a, b) => a - b))
      const workloadKey = `${decision.tenant}/${decision.workload}`
      this.#lastMove.set(workloadKey, Math.max(this.#lastMove.get(workloadKey) ?? decision.atMs, decision.atMs))
    }
    while (this.#reviewed.size > rememberedReviews) this.#reviewed.delete(this.#reviewed.keys().next().value as string)
  }

  #review(proposal: Proposal, settings: GuardrailSettings): Review {
    const verdict = this.#verdict(proposal, settings)
    if (verdict.outcome === 'admitted') {
      this.#moves.get(`${proposal.tenant}/${proposal.region}`)?.push(proposal.atMs)
      this.#lastMove.set(`${proposal.tenant}/${proposal.workload}`, proposal.atMs)
    }
    return reviewOf(proposal, settings, verdict)
  }

  #verdict(proposal: Proposal, settings: GuardrailSettings): MoveVerdict {
    const last = this.#lastMove.get(`${proposal.tenant}/${proposal.workload}`)
    const facts = last === undefined ? { movesInWindow: 0 } : { movesInWindow: 0, lastMoveAtMs: last }
    if (last !== undefined && proposal.atMs - last < settings.cooldownMinutes * minuteMs && proposal.atMs >= last) {
      return { outcome: 'cooldown', ...facts }
    }
    const { max, windowMinutes } = settings.migrationRate
    const regionKey = `${proposal.tenant}/${proposal.region}`
    const windowStart = proposal.atMs - windowMinutes * minuteMs
    const moves = (this.#moves.get(regionKey) ?? []).filter((at) => at > windowStart)
    this.#moves.set(regionKey, moves)
    const movesInWindow = moves.filter((at) => at <= proposal.atMs).length
    return { ...facts, outcome: movesInWindow >= max ? 'migration-rate' : 'admitted', movesInWindow }
  }
}
