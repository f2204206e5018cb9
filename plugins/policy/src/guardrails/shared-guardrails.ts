import type { MoveAdmission, MoveRequest, MoveVerdict } from '@aether/plugin-api'
import { AdmissionCountMismatch } from '../errors.js'
import type { GuardrailSettings } from '../rules/rules-file.js'
import { killSwitchHold, reviewOf } from './guardrail-review.js'
import type { Proposal, Review } from './guardrails.js'

const minuteMs = 60_000

/**
 * The guardrails with their memory in storage (the move admission point), so that every policy
 * process on the same database keeps one migration rate per tenant and region and one cool-down
 * per workload. The kill switch is the rules file's and never asks storage. Reviews read the same
 * as the in-memory Guardrails'.
 */
export class SharedGuardrails {
  constructor(
    private readonly admission: MoveAdmission,
    /** Where the admissions are, for error messages: the storage's description. */
    private readonly where = 'storage',
  ) {}

  /** Reviews proposals in order, one review each; moves are admitted per tenant in one call. */
  async reviewBatch(proposals: readonly Proposal[], settings: GuardrailSettings): Promise<Review[]> {
    const reviews: Array<Review | undefined> = proposals.map((proposal) =>
      proposal.action === 'hold' ? { action: 'hold', applied: [] } : settings.killSwitch ? killSwitchHold() : undefined)
    const byTenant = new Map<string, number[]>()
    proposals.forEach((proposal, index) => {
      if (reviews[index] !== undefined) return
      const indexes = byTenant.get(proposal.tenant) ?? []
      indexes.push(index)
      byTenant.set(proposal.tenant, indexes)
    })
    for (const [tenant, indexes] of byTenant) {
      const moves = indexes.map((index) => proposals[index] as Proposal)
      const verdicts = await this.admission.admitBatch(tenant, moves.map((move) => requestOf(move, settings)))
      if (verdicts.length !== moves.length) throw new AdmissionCountMismatch([this.where, verdicts.length, moves.length])
      indexes.forEach((index, at) => { reviews[index] = reviewOf(moves[at] as Proposal, settings, verdicts[at] as MoveVerdict) })
    }
    return reviews as Review[]
  }
}

function requestOf(proposal: Proposal, settings: GuardrailSettings): MoveRequest {
  return {
    region: proposal.region, workload: proposal.workload, atMs: proposal.atMs,
    // Without a key each proposal is new; the rules policy always gives one.
    decisionKey: proposal.decisionKey ?? `${proposal.workload}@${proposal.atMs}`,
    maxMoves: settings.migrationRate.max, windowMs: settings.migrationRate.windowMinutes * minuteMs, cooldownMs: settings.cooldownMinutes * minuteMs,
  }
}
