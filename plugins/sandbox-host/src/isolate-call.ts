import ivm from 'isolated-vm'
import { freezeClock } from './clock-freeze.js'
import { bootstrapSource, wrapBundle } from './isolate-bootstrap.js'
import type { CallRequest, CapabilityResult, ChildMessage, ChildOutcome, FailureCode } from './protocol.js'

// Runs inside a sandbox process only: the kernel process never imports this file.

interface CompiledAdapter {
  isolate: ivm.Isolate
  bootstrap: ivm.Script
  bundle: ivm.Script | { compileError: string }
}

const maxReasonChars = 500
// The time the describe step of a thrown value gets: enough for any readable value, and a
// looping getter or proxy trap is cut by isolated-vm's timeout instead of the host's kill.
const describeBudgetMs = 100
// The bootstrap is ours and takes well under a millisecond; this only bounds a broken isolate.
const bootstrapBudgetMs = 1_000

/**
 * A context with the bootstrap run in it, made for the next call of one adapter while this
 * process waits: no adapter code has run in it and no tenant has reached it. `generation` tells
 * its log and capability sinks apart from those of contexts whose calls have ended.
 */
interface PreparedContext {
  shape: string
  generation: number
  context: ivm.Context
  session: ivm.Reference<(...args: unknown[]) => unknown>
  handles: Array<{ release(): void }>
}

/** What the running call's sinks write to. */
interface RunningCall {
  generation: number
  callId: number
  logs: string[]
  maxLogLines: number
  maxLogLineChars: number
}

/**
 * The adapters this process has run, one isolate each (its memory limit is the adapter's), each
 * call in a fresh context: nothing an adapter leaves in its globals or built-ins reaches the
 * next call. An isolate that passed its memory limit is dropped and made anew on the next call.
 * After a call the next context of that adapter is made at once, off the next call's path.
 */
export class IsolateCalls {
  readonly #adapters = new Map<string, CompiledAdapter>()
  readonly #sources = new Map<string, string>()
  readonly #prepared = new Map<string, PreparedContext>()
  #nextGeneration = 1
  #running: RunningCall | undefined
  /** The running call, to which capability answers from the host are delivered. */
  #active: { callId: number; deliver(result: CapabilityResult): void } | undefined

  /** `send` carries the isolate's capability requests to the host. */
  constructor(private readonly send: (message: ChildMessage) => void = () => undefined) {}

  /** Hands a capability answer to the isolate of the call that asked; one for an ended call is dropped. */
  deliver(result: CapabilityResult): void {
    if (result.callId === this.#active?.callId) this.#active.deliver(result)
  }

  async call(request: CallRequest): Promise<ChildOutcome> {
    const meter: CpuMeter = {}
    const outcome = await this.#call(request, meter)
    const cpuMs = cpuMsSince(meter)
    // After the result is sent (a microtask away), before the next request can arrive.
    setImmediate(() => this.#prepareNext(request))
    return cpuMs === undefined ? outcome : { ...outcome, cpuMs }
  }

  async #call(request: CallRequest, meter: CpuMeter): Promise<ChildOutcome> {
    if (request.source !== undefined) this.#sources.set(request.bundleKey, request.source)
    const logs: string[] = []
    let droppedLogs = 0
    const fail = (code: FailureCode, reason: string): ChildOutcome => ({ isOk: false, code, reason: reason.slice(0, maxReasonChars), logs, droppedLogs })
    // The host's deadline is the real one; ours ends a little earlier so that a synchronous loop
    // is cut by isolated-vm and reported without the host having to kill this process.
    const deadline = performance.now() + Math.max(1, request.timeoutMs * 0.9 - 5)
    const remaining = () => Math.max(1, Math.floor(deadline - performance.now()))
    let compiled: CompiledAdapter | undefined
    let prepared: PreparedContext | undefined
    try {
      compiled = await this.#compiled(request)
      meter.isolate = compiled.isolate
      meter.startNs = compiled.isolate.cpuTime
      if ('compileError' in compiled.bundle) return fail('AETHER_E_SANDBOX_ADAPTER_THREW', `its bundle does not compile: ${compiled.bundle.compileError}`)
      prepared = this.#takePrepared(request) ?? this.#prepare(compiled, request)
      this.#running = { generation: prepared.generation, callId: request.callId, logs, maxLogLines: request.maxLogLines, maxLogLineChars: request.maxLogLineChars }
      const { context, session, handles } = prepared
      this.#active = {
        callId: request.callId,
        deliver: (result) => {
          const text = (result.isOk ? 'o' : 'e') + String(result.value)
          session.apply(undefined, ['deliver', text, result.requestId], { timeout: remaining() }).catch(() => undefined)
        },
      }
      if (request.frozenClock !== undefined) await freezeClock(compiled.isolate, context, request.frozenClock, remaining())
      // Synchronous steps block only this process, which runs one call at a time; isolated-vm's
      // timeout still cuts them, and the async hop to the isolate's thread would cost more than they do.
      const bundle = compiled.bundle.runSync(context, { reference: true, timeout: remaining() }) as ivm.Reference<unknown>
      handles.push(bundle)
      let tag = session.applySync(undefined, ['load', bundle.derefInto()], { result: { copy: true }, timeout: remaining() }) as string
      if (tag === '') {
        tag = await session.apply(undefined, ['run', request.input, request.maxOutputBytes, request.method, request.tenant], { result: { promise: true, copy: true }, timeout: remaining() }) as string
      }
      const describeThrown = (): string => {
        try {
          return session.applySync(undefined, ['describe'], { result: { copy: true }, timeout: Math.min(remaining(), describeBudgetMs) }) as string
        } catch {
          return 'threw a value that could not be read'
        }
      }
      // Lines past the cap never left the isolate; its count says how many there were.
      const logCount = session.applySync(undefined, ['logCount'], { result: { copy: true }, timeout: remaining() }) as number
      droppedLogs = Math.max(0, logCount - logs.length)
      switch (tag[0]) {
        case 'o': {
          const output = tag.slice(1)
          if (Buffer.byteLength(output) > request.maxOutputBytes) return fail('AETHER_E_SANDBOX_OUTPUT_TOO_LARGE', `more than ${request.maxOutputBytes} bytes`)
          return { isOk: true, output, logs, droppedLogs }
        }
        case 'b': return fail('AETHER_E_SANDBOX_OUTPUT_TOO_LARGE', `more than ${request.maxOutputBytes} bytes`)
        case 'm': return fail('AETHER_E_SANDBOX_CONTRACT_VIOLATION', tag.slice(1))
        case 'j': return fail('AETHER_E_SANDBOX_CONTRACT_VIOLATION', `the output is not JSON: ${describeThrown()}`)
        default: {
          const reason = describeThrown()
          // What V8 throws when isolated-vm's allocator refuses array buffer memory past the limit.
          if (reason === 'RangeError: Array buffer allocation failed') return fail('AETHER_E_SANDBOX_MEMORY_LIMIT', `passed ${request.memoryMb} MB (array buffers)`)
          return fail('AETHER_E_SANDBOX_ADAPTER_THREW', reason)
        }
      }
    } catch (error) {
      if (compiled?.isolate.isDisposed === true) {
        this.#forget(request.bundleKey)
        return fail('AETHER_E_SANDBOX_MEMORY_LIMIT', `passed ${request.memoryMb} MB`)
      }
      const message = error instanceof Error ? error.message : String(error)
      if (/timed out/i.test(message)) return fail('AETHER_E_SANDBOX_TIMEOUT', `did not finish within ${request.timeoutMs} ms`)
      return fail('AETHER_E_SANDBOX_ADAPTER_THREW', `the sandbox could not run it: ${message}`)
    } finally {
      this.#active = undefined
      this.#running = undefined
      if (prepared !== undefined && compiled !== undefined && !compiled.isolate.isDisposed) release(prepared)
    }
  }

  /** The context made for this call ahead of it, if it matches what the call needs. */
  #takePrepared(request: CallRequest): PreparedContext | undefined {
    const prepared = this.#prepared.get(request.bundleKey)
    if (prepared === undefined) return undefined
    this.#prepared.delete(request.bundleKey)
    if (prepared.shape === shapeOf(request)) return prepared
    release(prepared)
    return undefined
  }

  /** Makes the next context of the adapter that just ran; a failure here leaves the call to make its own. */
  #prepareNext(request: CallRequest): void {
    const compiled = this.#adapters.get(request.bundleKey)
    if (compiled === undefined || compiled.isolate.isDisposed || 'compileError' in compiled.bundle || this.#prepared.has(request.bundleKey)) return
    try {
      this.#prepared.set(request.bundleKey, this.#prepare(compiled, request))
    } catch {
      // The call that finds no context here makes its own and reports what goes wrong.
    }
  }

  /** A fresh context with the bootstrap run in it and sinks that write to the call it is taken by. */
  #prepare(compiled: CompiledAdapter, request: CallRequest): PreparedContext {
    const generation = this.#nextGeneration++
    // Synchronous: this process is idle between calls, and the hops to the isolate's thread and
    // back cost more than the steps (the next call would wait for them).
    const context = compiled.isolate.createContextSync()
    const handles: Array<{ release(): void }> = []
    const prepared = { shape: shapeOf(request), generation, context, handles } as PreparedContext
    try {
      const logSink = new ivm.Callback((line: unknown) => {
        const running = this.#running
        if (running?.generation === generation && running.logs.length < running.maxLogLines) running.logs.push(String(line).slice(0, running.maxLogLineChars))
      })
      // ctx.fetch / ctx.kv requests leave as strings; the host performs them and answers through deliver.
      const capabilitySink = new ivm.Callback((requestId: unknown, capability: unknown, argument: unknown) => {
        const running = this.#running
        if (running?.generation !== generation) return
        this.send({ kind: 'capability', callId: running.callId, requestId: Number(requestId), capability: String(capability), argument: String(argument) })
      })
      const boot = compiled.bootstrap.runSync(context, { reference: true, timeout: bootstrapBudgetMs }) as ivm.Reference<(...args: unknown[]) => unknown>
      handles.push(boot)
      prepared.session = boot.applySync(undefined, [logSink, request.maxLogLines, capabilitySink, request.capabilities?.fetch === true, request.capabilities?.kv === true], { result: { reference: true }, timeout: bootstrapBudgetMs }) as PreparedContext['session']
      handles.push(prepared.session)
      return prepared
    } catch (error) {
      if (!compiled.isolate.isDisposed) release(prepared)
      throw error
    }
  }

  #forget(bundleKey: string): void {
    this.#adapters.delete(bundleKey)
    this.#prepared.delete(bundleKey)
  }

  async #compiled(request: CallRequest): Promise<CompiledAdapter> {
    const known = this.#adapters.get(request.bundleKey)
    if (known !== undefined && !known.isolate.isDisposed) return known
    const source = this.#sources.get(request.bundleKey)
    if (source === undefined) throw new TypeError(`no source for bundle ${request.bundleKey.slice(0, 16)}`)
    const isolate = new ivm.Isolate({ memoryLimit: request.memoryMb })
    const bootstrap = await isolate.compileScript(bootstrapSource, { filename: 'aether:bootstrap' })
    let bundle: CompiledAdapter['bundle']
    try {
      bundle = await isolate.compileScript(wrapBundle(source), { filename: `adapter:${request.adapterName}`, lineOffset: -1 })
    } catch (error) {
      bundle = { compileError: error instanceof Error ? error.message : String(error) }
    }
    const compiled = { isolate, bootstrap, bundle }
    this.#adapters.set(request.bundleKey, compiled)
    return compiled
  }
}

/** What a prepared context was made for: a call with other capabilities or log limits needs its own. */
function shapeOf(request: CallRequest): string {
  return `${request.capabilities?.fetch === true}/${request.capabilities?.kv === true}/${request.maxLogLines}`
}

/** Releases every handle into the context and the context: one left alive would keep it all. */
function release(prepared: PreparedContext): void {
  for (const handle of prepared.handles) handle.release()
  prepared.context.release()
}

/** The isolate a call ran in and its CPU time when the call began. */
interface CpuMeter {
  isolate?: ivm.Isolate
  startNs?: bigint
}

/** CPU milliseconds since the call began; undefined once the isolate is disposed (memory limit). */
function cpuMsSince(meter: CpuMeter): number | undefined {
  if (meter.isolate === undefined || meter.startNs === undefined || meter.isolate.isDisposed) return undefined
  try {
    return Number(meter.isolate.cpuTime - meter.startNs) / 1e6
  } catch {
    return undefined
  }
}
