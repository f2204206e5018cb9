import { FencingTokenStale, WebhookFailed } from '../errors.js'
import type { ClaimedAction } from './action.js'
import type { ActionExecutor, ExecutionOutcome } from './fenced-file-executor.js'

/** The header carrying the claim's fencing token; the receiver refuses a lower one than it has seen. */
export const fencingTokenHeader = 'aether-fencing-token'
/** The header carrying the action id: the receiver's idempotency key. */
export const idempotencyKeyHeader = 'idempotency-key'

/** What the receiver answers to a POST of an action. */
interface ReceiverAnswer { outcome?: string; highestToken?: number }

/**
 * Executes an action by POSTing it, with its fencing token, to a receiver that does the work
 * (a cloud API gateway, an orchestrator hook). The fencing is the receiver's half of the
 * contract: per action id it keeps the highest token it has seen, answers 409 to a lower one
 * (the worker's claim is stale: nothing may happen) and `{"outcome":"already-done"}` to an
 * action it already carried out. Any other answer, or none within the timeout, is an error:
 * the action stays claimed and the next claim after the lease sends it again.
 */
export class WebhookExecutor implements ActionExecutor {
  constructor(private readonly url: string, private readonly timeoutMs: number) {}

  async execute(action: ClaimedAction): Promise<ExecutionOutcome> {
    let response: Response
    try {
      response = await fetch(this.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [fencingTokenHeader]: String(action.token), [idempotencyKeyHeader]: action.id },
        body: JSON.stringify(action),
        signal: AbortSignal.timeout(this.timeoutMs),
      })
    } catch (error) {
      throw new WebhookFailed([action.id, this.url, `no answer (${(error as Error).message})`], { cause: error })
    }
    const answer = await response.json().catch(() => ({})) as ReceiverAnswer
    if (response.status === 409) throw new FencingTokenStale([action.id, action.token, answer.highestToken ?? action.token])
    if (!response.ok) throw new WebhookFailed([action.id, this.url, `HTTP ${response.status}`])
    return answer.outcome === 'already-done' ? 'already-done' : 'executed'
  }
}
