import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import type { AgentEvent } from '../agent.js'

// The built agent, run as a user runs it (the tests need `npm run build` first, as the CLI tests do).
const agentBin = fileURLToPath(new URL('../../bin/aether-agent.js', import.meta.url))

/** The agent as a real child process, with the events it printed so far. */
export interface AgentProcess {
  readonly child: ChildProcess
  readonly events: AgentEvent[]
  /** Resolves when an event matching `predicate` has been printed (or rejects after `timeoutMs`). */
  waitFor(predicate: (event: AgentEvent) => boolean, timeoutMs?: number): Promise<AgentEvent>
  /** Resolves with the exit code and stderr. */
  readonly exited: Promise<{ code: number | null; stderr: string }>
}

export function startAgent(args: string[]): AgentProcess {
  const child = spawn(process.execPath, [agentBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
  const events: AgentEvent[] = []
  const waiters = new Set<() => void>()
  let rest = ''
  let stderr = ''
  child.stdout?.on('data', (chunk: Buffer) => {
    const lines = (rest + chunk.toString()).split('\n')
    rest = lines.pop() ?? ''
    for (const line of lines) if (line.trim() !== '') events.push(JSON.parse(line) as AgentEvent)
    for (const wake of waiters) wake()
  })
  child.stderr?.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on('close', (code) => {
    for (const wake of waiters) wake()
    resolve({ code, stderr })
  }))
  const waitFor = (predicate: (event: AgentEvent) => boolean, timeoutMs = 15_000): Promise<AgentEvent> => new Promise((resolve, reject) => {
    const check = (): void => {
      const found = events.find(predicate)
      if (found !== undefined) { done(); resolve(found) } else if (child.exitCode !== null) { done(); reject(new Error(`the agent exited (${child.exitCode}) first: ${stderr}`)) }
    }
    const timer = setTimeout(() => { done(); reject(new Error(`no such agent event within ${timeoutMs} ms; stderr: ${stderr}`)) }, timeoutMs)
    const done = (): void => { clearTimeout(timer); waiters.delete(check) }
    waiters.add(check)
    check()
  })
  return { child, events, waitFor, exited }
}

/** The forecast events the agent printed. */
export function forecastsOf(events: readonly AgentEvent[]): Array<AgentEvent & { event: 'forecast' }> {
  return events.filter((event): event is AgentEvent & { event: 'forecast' } => event.event === 'forecast')
}
