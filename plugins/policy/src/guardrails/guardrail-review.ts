import type { AppliedGuardrail, MoveVerdict } from '@aether/plugin-api'
import type { GuardrailSettings } from '../rules/rules-file.js'
import type { Proposal, Review } from './guardrails.js'

const minuteMs = 60_000

/** The kill switch's review of a move while it is on (a new object each time: decisions keep it). */
export function killSwitchHold(): Review {
  return { action: 'hold', applied: [{ name: 'kill-switch', outcome: 'held', detail: 'the kill switch is on: no workload moves' }] }
}

/**
 * The review of a move from the verdict of the cool-down and the migration rate, worded the same
 * whether the guardrails' memory is this process's or shared through storage.
 */
export function reviewOf(proposal: Proposal, settings: GuardrailSettings, verdict: MoveVerdict): Review {
  const applied: AppliedGuardrail[] = [{ name: 'kill-switch', outcome: 'passed', detail: 'off' }]
  const last = verdict.lastMoveAtMs
  if (verdict.outcome === 'cooldown' && last !== undefined) {
    const minutes = Math.round(Math.abs(proposal.atMs - last) / minuteMs)
    // A move after this one's event time: a later forecast was decided first (out of order).
    const when = last <= proposal.atMs ? `${minutes} min ago` : `${minutes} min after this forecast`
    applied.push({ name: 'cooldown', outcome: 'held', detail: `moved ${when}, cool-down is ${settings.cooldownMinutes} min` })
    return { action: 'hold', applied }
  }
  applied.push({ name: 'cooldown', outcome: 'passed', detail: last === undefined ? 'never moved' : 'cool-down over' })
  const { max, windowMinutes } = settings.migrationRate
  if (verdict.outcome === 'migration-rate') {
    applied.push({
      name: 'migration-rate', outcome: 'held',
      detail: `${verdict.movesInWindow} moves in ${proposal.region} for ${proposal.tenant} in the last ${windowMinutes} min, at most ${max}`,
    })
    return { action: 'hold', applied }
  }
  applied.push({ name: 'migration-rate', outcome: 'passed', detail: `${verdict.movesInWindow + 1} of ${max} in ${windowMinutes} min` })
  return { action: proposal.action, applied }
}
