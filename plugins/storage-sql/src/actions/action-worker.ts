import { ActionLeaseLost, FencingTokenStale } from '../errors.js'
import type { ClaimedAction } from './action.js'
import type { SqlActionLedger } from './action-ledger.js'
import type { ActionExecutor, ExecutionOutcome } from './fenced-file-executor.js'

/** The steps of working one action, in order; `onStep` hears each. */
export type WorkStep = 'claimed' | 'lease-checked' | 'executed' | 'completed'

/** What one claim came to. */
export interface WorkOutcome {
  id: string
  token: number
  /** `lease-lost`: the lease ran out before executing, so it did not; `stale`: the executor refused the token. */
  outcome: ExecutionOutcome | 'lease-lost' | 'stale'
  /** True when the ledger recorded the action done under this claim. */
  isCompleted: boolean
}

/** How a worker works. */
export interface ActionWorkerOptions {
  tenant: string
  /** Names this worker in the ledger's lease. */
  owner: string
  leaseMs: number
  /** Called after each step, awaited before the next (progress reporting, crash drills). */
  onStep?: (step: WorkStep, action: ClaimedAction) => Promise<void> | void
}

/**
 * Turns ledger actions into executions, at most once each: claim with a lease and a fencing
 * token, check the lease is still held, execute through an executor that refuses stale tokens,
 * then complete under the same token. A crash anywhere leaves the action to the next claim after
 * the lease; the executor's record of what it did keeps that claim from executing it again.
 */
export class ActionWorker {
  constructor(
    private readonly ledger: SqlActionLedger,
    private readonly executor: ActionExecutor,
    private readonly options: ActionWorkerOptions,
  ) {}

  /** Works the next claimable action; undefined when there is none. */
  async runOnce(): Promise<WorkOutcome | undefined> {
    const { tenant, owner, leaseMs, onStep } = this.options
    const action = await this.ledger.claim(tenant, owner, leaseMs)
    if (action === undefined) return undefined
    const result = (outcome: WorkOutcome['outcome'], isCompleted = false): WorkOutcome => ({ id: action.id, token: action.token, outcome, isCompleted })
    await onStep?.('claimed', action)
    if (!(await this.ledger.holdsLease(tenant, action.id, action.token))) return result('lease-lost')
    await onStep?.('lease-checked', action)
    let outcome: ExecutionOutcome
    try {
      outcome = await this.executor.execute(action)
    } catch (error) {
      if (FencingTokenStale.is(error)) return result('stale')
      throw error
    }
    await onStep?.('executed', action)
    try {
      await this.ledger.complete(tenant, action.id, action.token, outcome)
    } catch (error) {
      // Taken over after executing: the new holder finds it already done and completes it.
      if (ActionLeaseLost.is(error)) return result(outcome)
      throw error
    }
    await onStep?.('completed', action)
    return result(outcome, true)
  }

  /** Works actions until none is claimable; returns what each claim came to. */
  async drain(): Promise<WorkOutcome[]> {
    const outcomes: WorkOutcome[] = []
    for (let outcome = await this.runOnce(); outcome !== undefined; outcome = await this.runOnce()) outcomes.push(outcome)
    return outcomes
  }
}
