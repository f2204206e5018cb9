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

/**
 * The adapters this process has run, one isolate each (its memory limit is the adapter's), each
 * call in a fresh context: nothing an adapter leaves in its globals or built-ins reaches the
 * next call. An isolate that passed its memory limit is dropped and made anew on the next call.
 */
export class IsolateCalls {
  readonly #adapters = new Map<string, CompiledAdapter>()
  readonly #sources = new Map<string, string>()
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
    let context: ivm.Context | undefined
    // Every handle into the call's context, released with it: one left alive keeps the whole
    // context, and the isolate would fill up call by call until its memory limit.
    const handles: Array<{ release(): void }> = []
    try {
      compiled = await this.#compiled(request)
      meter.isolate = compiled.isolate
      meter.startNs = compiled.isolate.cpuTime
      if ('compileError' in compiled.bundle) return fail('AETHER_E_SANDBOX_ADAPTER_THREW', `its bundle does not compile: ${compiled.bundle.compileError}`)
      context = await compiled.isolate.createContext()
      const logSink = new ivm.Callback((line: unknown) => {
        if (logs.length < request.maxLogLines) logs.push(String(line).slice(0, request.maxLogLineChars))
      })
      // ctx.fetch / ctx.kv requests leave as strings; the host performs them and answers through deliver.
      const capabilitySink = new ivm.Callback((requestId: unknown, capability: unknown, argument: unknown) => {
        this.send({ kind: 'capability', callId: request.callId, requestId: Number(requestId), capability: String(capability), argument: String(argument) })
      })
      const boot = await compiled.bootstrap.run(context, { reference: true, timeout: remaining() }) as ivm.Reference<(...args: unknown[]) => unknown>
      handles.push(boot)
      const session = await boot.apply(undefined, [logSink, request.tenant, request.maxLogLines, capabilitySink, request.capabilities?.fetch === true, request.capabilities?.kv === true], { result: { reference: true }, timeout: remaining() }) as ivm.Reference<(...args: unknown[]) => unknown>
      handles.push(session)
      this.#active = {
        callId: request.callId,
        deliver: (result) => {
          const text = (result.isOk ? 'o' : 'e') + String(result.value)
          session.apply(undefined, ['deliver', text, result.requestId], { timeout: remaining() }).catch(() => undefined)
        },
      }
      if (request.frozenClock !== undefined) await freezeClock(compiled.isolate, context, request.frozenClock, remaining())
      const bundle = await compiled.bundle.run(context, { reference: true, timeout: remaining() }) as ivm.Reference<unknown>
      handles.push(bundle)
      let tag = await session.apply(undefined, ['load', bundle.derefInto()], { result: { copy: true }, timeout: remaining() }) as string
      if (tag === '') {
        tag = await session.apply(undefined, ['run', request.input, request.maxOutputBytes, request.method], { result: { promise: true, copy: true }, timeout: remaining() }) as string
      }
      const describeThrown = async (): Promise<string> => {
        try {
          return await session.apply(undefined, ['describe'], { result: { copy: true }, timeout: Math.min(remaining(), describeBudgetMs) }) as string
        } catch {
          return 'threw a value that could not be read'
        }
      }
      // Lines past the cap never left the isolate; its count says how many there were.
      const logCount = await session.apply(undefined, ['logCount'], { result: { copy: true }, timeout: remaining() }) as number
      droppedLogs = Math.max(0, logCount - logs.length)
      switch (tag[0]) {
        case 'o': {
          const output = tag.slice(1)
          if (Buffer.byteLength(output) > request.maxOutputBytes) return fail('AETHER_E_SANDBOX_OUTPUT_TOO_LARGE', `more than ${request.maxOutputBytes} bytes`)
          return { isOk: true, output, logs, droppedLogs }
        }
        case 'b': return fail('AETHER_E_SANDBOX_OUTPUT_TOO_LARGE', `more than ${request.maxOutputBytes} bytes`)
        case 'm': return fail('AETHER_E_SANDBOX_CONTRACT_VIOLATION', tag.slice(1))
        case 'j': return fail('AETHER_E_SANDBOX_CONTRACT_VIOLATION', `the output is not JSON: ${await describeThrown()}`)
        default: {
          const reason = await describeThrown()
          // What V8 throws when isolated-vm's allocator refuses array buffer memory past the limit.
          if (reason === 'RangeError: Array buffer allocation failed') return fail('AETHER_E_SANDBOX_MEMORY_LIMIT', `passed ${request.memoryMb} MB (array buffers)`)
          return fail('AETHER_E_SANDBOX_ADAPTER_THREW', reason)
        }
      }
    } catch (error) {
      if (compiled?.isolate.isDisposed === true) {
        this.#adapters.delete(request.bundleKey)
        return fail('AETHER_E_SANDBOX_MEMORY_LIMIT', `passed ${request.memoryMb} MB`)
      }
      const message = error instanceof Error ? error.message : String(error)
      if (/timed out/i.test(message)) return fail('AETHER_E_SANDBOX_TIMEOUT', `did not finish within ${request.timeoutMs} ms`)
      return fail('AETHER_E_SANDBOX_ADAPTER_THREW', `the sandbox could not run it: ${message}`)
    } finally {
      this.#active = undefined
      if (compiled !== undefined && !compiled.isolate.isDisposed) {
        for (const handle of handles) handle.release()
        context?.release()
      }
    }
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
