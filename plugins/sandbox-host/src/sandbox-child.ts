import { spawn, type ChildProcess } from 'node:child_process'
import type { Duplex } from 'node:stream'
import { fileURLToPath } from 'node:url'
import type { CapabilityHandler } from './capabilities/call-capabilities.js'
import { SandboxHostUnavailable } from './errors.js'
import { FrameChannel } from './frame-channel.js'
import { fromFrame, toFrame, type CallRequest, type CapabilityResult, type ChildMessage, type ChildOutcome, type HostMessage } from './protocol.js'

// The sandbox process runs as built JavaScript: from src/ (tests) and from dist/ alike this is
// dist/sandbox-process.js, which `npm test` and `npm start` build first.
const entry = fileURLToPath(new URL('../dist/sandbox-process.js', import.meta.url))
const startTimeoutMs = 15_000
const stderrTailChars = 2_000
// isolated-vm 5.0.x needs it on Node 20. Measured for a 1,000-record lexicon call (2026-12-02,
// sandbox process CPU, a loaded machine): --always-sparkplug, --maglev and
// --no-lazy-feedback-allocation changed nothing beyond the noise; --max-opt=1 (no optimizing
// compiler: a fresh context re-optimizes in every call) saved about 15 %, but made a numeric loop
// 35 times slower; --max-opt=2 --maglev saved as much, but Maglev is experimental in Node 20's V8.
const childFlags = ['--no-node-snapshot']
// Far above any honest message (outputs are capped by the maxima, in MiB): a child that sends
// more is not trusted further and is killed.
const maxFrameBytes = 256 * 1024 * 1024

/** A call before the child fills in what it already knows. */
export type CallInput = Omit<CallRequest, 'kind' | 'callId' | 'source'> & { source: string }

interface RunningCall {
  callId: number
  timer: NodeJS.Timeout
  settle(outcome: ChildOutcome): void
  /** Aborted when the call ends, so its capability calls stop and their answers are dropped. */
  ended: AbortController
  deadline: number
  capabilities: CapabilityHandler | undefined
}

/**
 * One supervised sandbox process. It runs one call at a time under a wall-clock deadline kept
 * here, in the host: when it passes, the process is killed by pid with SIGKILL (whatever the
 * isolate is doing: a loop after `await`, a promise that never settles, a slow output copy) and
 * the call fails with AETHER_E_SANDBOX_TIMEOUT. A process that dies on its own during a call
 * (an abort inside V8 or isolated-vm) fails that call too; either way the pool replaces it.
 */
export class SandboxChild {
  readonly #process: ChildProcess
  readonly #channel: FrameChannel<ChildMessage>
  readonly #ready: Promise<void>
  readonly #knownBundles = new Set<string>()
  readonly #exited: Promise<void>
  #running: RunningCall | undefined
  #nextCallId = 1
  #isAlive = true
  #stderrTail = ''

  private constructor(child: ChildProcess) {
    this.#process = child
    child.stderr?.setEncoding('utf8').on('data', (chunk: string) => { this.#stderrTail = (this.#stderrTail + chunk).slice(-stderrTailChars) })
    // A failed send or kill shows up as the exit that follows; without a listener it would throw.
    child.on('error', () => undefined)
    let ready = () => undefined as void
    this.#ready = new Promise((resolve) => { ready = resolve })
    this.#channel = new FrameChannel<ChildMessage>(child.stdio[3] as Duplex, (header, body) => {
      const message = fromFrame(header, body)
      if (message.kind === 'ready') ready()
      if (message.kind === 'result' && message.callId === this.#running?.callId) this.#running.settle(message.outcome)
      if (message.kind === 'capability') this.#capability(message)
    }, { maxFrameBytes, onOversize: () => this.kill() })
    this.#exited = new Promise((resolve) => child.once('exit', (code, signal) => {
      this.#isAlive = false
      this.#running?.settle(this.#crashOutcome(code, signal))
      resolve()
    }))
  }

  /** Starts a sandbox process and waits until it is ready for calls. */
  static async start(): Promise<SandboxChild> {
    // fd 3 is the frame pipe (frame-channel.ts); no IPC channel, whose serializer was the slow part.
    const child = spawn(process.execPath, [...childFlags, entry], { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] })
    const sandbox = new SandboxChild(child)
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new SandboxHostUnavailable([`it was not ready after ${startTimeoutMs} ms`])) }, startTimeoutMs)
      const done = (error?: Error) => { clearTimeout(timer); if (error === undefined) resolve(); else reject(error) }
      void sandbox.#ready.then(() => done())
      child.once('error', (error) => done(new SandboxHostUnavailable([error.message], { cause: error })))
      child.once('exit', (code, signal) => done(new SandboxHostUnavailable([
        `it exited with ${signal ?? `code ${code}`} before it was ready${sandbox.#stderrTail === '' ? '' : `: ${sandbox.#stderrTail.trim()}`}`,
      ])))
    })
    return sandbox
  }

  /** The process id, which a timed-out call is killed by. */
  get pid(): number {
    return this.#process.pid ?? -1
  }

  get isAlive(): boolean {
    return this.#isAlive
  }

  /** Resolves when the process has exited. */
  get exited(): Promise<void> {
    return this.#exited
  }

  /** Runs one call; never rejects: every failure is an outcome with its code. `capabilities` performs its ctx.fetch / ctx.kv calls. */
  call(input: CallInput, capabilities?: CapabilityHandler): Promise<ChildOutcome> {
    if (!this.#isAlive) return Promise.resolve(this.#crashOutcome(this.#process.exitCode, this.#process.signalCode))
    const callId = this.#nextCallId++
    const { source, ...rest } = input
    const request: CallRequest = { kind: 'call', callId, ...rest, ...(this.#knownBundles.has(input.bundleKey) ? {} : { source }) }
    this.#knownBundles.add(input.bundleKey)
    const ended = new AbortController()
    return new Promise((resolve) => {
      const expire = () => {
        if (this.#running?.callId !== callId) return
        ended.abort()
        resolve({ isOk: false, code: 'AETHER_E_SANDBOX_TIMEOUT', reason: `did not finish within ${input.timeoutMs} ms; its sandbox process was killed`, logs: [], droppedLogs: 0 })
        this.#running = undefined
        this.kill()
      }
      // Timers run before the event loop reads I/O: when the host's loop was held up past the
      // deadline, a result already waiting in the pipe is read first (setImmediate runs after that
      // read), so a call that finished in time is not reported as timed out.
      const timer = setTimeout(() => setImmediate(expire), input.timeoutMs)
      this.#running = {
        callId, timer, ended, capabilities, deadline: performance.now() + input.timeoutMs,
        settle: (outcome) => { clearTimeout(timer); ended.abort(); this.#running = undefined; resolve(outcome) },
      }
      this.#send(request)
    })
  }

  /** Performs a capability request of the running call; the answer is sent only if that call still runs. */
  #capability(message: Extract<ChildMessage, { kind: 'capability' }>): void {
    const running = this.#running
    if (running === undefined || message.callId !== running.callId) return
    const { callId, requestId } = message
    const performed = running.capabilities === undefined
      ? Promise.reject(new Error('no capabilities are granted'))
      : running.capabilities.perform(String(message.capability), String(message.argument), { signal: running.ended.signal, deadline: running.deadline })
    void performed.then(
      (value): CapabilityResult => ({ kind: 'capabilityResult', callId, requestId, isOk: true, value }),
      (error: unknown): CapabilityResult => ({ kind: 'capabilityResult', callId, requestId, isOk: false, value: error instanceof Error ? error.message : String(error) }),
    ).then((result) => {
      if (this.#isAlive && this.#running?.callId === callId) this.#send(result)
    })
  }

  #send(message: HostMessage): void {
    this.#channel.send(...toFrame(message))
  }

  /** Kills the process by pid (SIGKILL); idempotent. From here on it takes no calls. */
  kill(): void {
    if (!this.#isAlive) return
    this.#isAlive = false
    try {
      process.kill(this.pid, 'SIGKILL')
    } catch {
      // Already gone: its exit event follows.
    }
  }

  #crashOutcome(code: number | null, signal: NodeJS.Signals | null): ChildOutcome {
    const how = signal ?? `code ${code}`
    const detail = this.#stderrTail.trim().split('\n').slice(-3).join(' / ')
    const isMemory = /out of memory|heap limit|allocation failed/i.test(this.#stderrTail)
    return {
      isOk: false,
      code: isMemory ? 'AETHER_E_SANDBOX_MEMORY_LIMIT' : 'AETHER_E_SANDBOX_ADAPTER_THREW',
      reason: `its sandbox process ended (${how}) during the call${detail === '' ? '' : `: ${detail.slice(0, 300)}`}`,
      logs: [], droppedLogs: 0,
    }
  }
}
