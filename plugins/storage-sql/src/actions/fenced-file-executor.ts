import { appendFile, open, readFile, unlink } from 'node:fs/promises'
import { FencingTokenStale } from '../errors.js'
import type { ClaimedAction } from './action.js'

/** What executing a claimed action did. */
export type ExecutionOutcome = 'executed' | 'already-done'

/** Carries out actions on the world. It must refuse a claim whose token is stale. */
export interface ActionExecutor {
  /** Executes the action once; a later call for the same action reports `already-done`. */
  execute(action: ClaimedAction): Promise<ExecutionOutcome>
}

/** One line of the effects file: an action carried out, with the token it was carried out under. */
export interface Effect {
  action: string
  token: number
  workload: string
  kind: string
  riskAllocation: number
}

const lockRetryMs = 5

/**
 * A reference executor whose effects are lines appended to a JSON-lines file: the file is the
 * world it changes, so a test (or an operator) can count what happened. Per action it keeps the
 * token it executed under, refuses a lower one (FencingTokenStale) and answers `already-done` to
 * a higher one, so an action taken over after a crash between executing and acknowledging is
 * not executed again. A lock file (holding the pid, taken over when that process is gone)
 * serializes processes sharing the file. Each effect is one append of one line.
 */
export class FencedFileExecutor implements ActionExecutor {
  constructor(private readonly file: string) {}

  async execute(action: ClaimedAction): Promise<ExecutionOutcome> {
    return this.#locked(async () => {
      const done = (await readEffects(this.file)).find((effect) => effect.action === action.id)
      if (done !== undefined) {
        if (action.token < done.token) throw new FencingTokenStale([action.id, action.token, done.token])
        return 'already-done'
      }
      const effect: Effect = { action: action.id, token: action.token, workload: action.workload, kind: action.kind, riskAllocation: action.decision.riskAllocation }
      await appendFile(this.file, `${JSON.stringify(effect)}\n`)
      return 'executed'
    })
  }

  /** Every effect so far, in the order they happened. */
  effects(): Promise<Effect[]> {
    return readEffects(this.file)
  }

  async #locked<T>(work: () => Promise<T>): Promise<T> {
    const lock = `${this.file}.lock`
    for (;;) {
      try {
        const handle = await open(lock, 'wx')
        await handle.writeFile(String(process.pid))
        await handle.close()
        break
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error
        if (!(await isHeldByLiveProcess(lock))) await unlink(lock).catch(() => {})
        else await new Promise((resolve) => setTimeout(resolve, lockRetryMs))
      }
    }
    try {
      return await work()
    } finally {
      await unlink(lock)
    }
  }
}

/** The effects in a file, none when it does not exist yet. */
export async function readEffects(file: string): Promise<Effect[]> {
  const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return ''
    throw error
  })
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as Effect)
}

async function isHeldByLiveProcess(lock: string): Promise<boolean> {
  const pid = Number(await readFile(lock, 'utf8').catch(() => ''))
  // Empty: the holder is between creating and writing it; treat as held.
  if (!Number.isInteger(pid) || pid <= 0) return true
  try {
    process.kill(pid, 0)
    return true
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'
  }
}
