import type { AetherRecord } from '@aether/plugin-api'

/** What an action does to its workload. */
export type ActionKind = 'migrate' | 'drain'

/** An action to take, made from a decision; its id is the decision's. */
export interface ActionRequest {
  id: string
  workload: string
  kind: ActionKind
  /** The decision's facts the executor needs: place, share to move, the forecast and policy. */
  decision: {
    region: string
    zone?: string
    pool: string
    riskAllocation: number
    forecastId: string
    policy: string
  }
}

/** An action a worker holds: its lease and the fencing token of this claim. */
export interface ClaimedAction extends ActionRequest {
  /** Larger than the token of every earlier claim of any action. */
  token: number
  attempts: number
  owner: string
}

/**
 * The actions a batch of decision records asks for: every migrate and drain, one per decision.
 * A decision.v1 (no workload) is an action on its pool's workload, named `<zone or region>/<pool>`.
 */
export function actionsFromDecisions(records: readonly AetherRecord[]): ActionRequest[] {
  const actions: ActionRequest[] = []
  for (const record of records) {
    if (record.contract !== 'decision.v1' && record.contract !== 'decision.v2') continue
    if (record.action !== 'migrate' && record.action !== 'drain') continue
    const region = String(record.region)
    const pool = String(record.pool)
    const zone = typeof record.zone === 'string' ? record.zone : undefined
    actions.push({
      id: record.id,
      workload: typeof record.workload === 'string' ? record.workload : `${zone ?? region}/${pool}`,
      kind: record.action,
      decision: {
        region, ...(zone === undefined ? {} : { zone }), pool,
        riskAllocation: typeof record.riskAllocation === 'number' ? record.riskAllocation : record.action === 'drain' ? 1 : 0.5,
        forecastId: String(record.forecastId), policy: String(record.policy),
      },
    })
  }
  return actions
}
