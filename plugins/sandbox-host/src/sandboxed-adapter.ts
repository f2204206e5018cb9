import type { Logger } from '@aether/plugin-api'
import { CallCapabilities, type AdapterCapabilities } from './capabilities/call-capabilities.js'
import type { InstalledAdapter } from './read-adapter.js'
import type { FailureCode, FrozenClock } from './protocol.js'
import type { SandboxPool } from './sandbox-pool.js'

/** What every input record has, and every output record must repeat unchanged. */
export interface Keyed {
  id: string
  tenant: string
}

/** The checked outcome of one call: one plain object per input, same id and tenant, or a coded failure. */
export type CallResult = (
  | { isOk: true; records: Array<Record<string, unknown>> }
  // AETHER_E_SANDBOX_CIRCUIT_OPEN is no call's outcome: the guards refuse a call with it (src/guards).
  | { isOk: false; code: FailureCode | 'AETHER_E_SANDBOX_CIRCUIT_OPEN'; reason: string }
) & {
  /** CPU ms the call cost: the isolate's measure, or its wall time when its process was killed. */
  cpuMs?: number
}

/** One call's parsed output, before any shape check, or a coded failure. */
export type RunResult = (
  | { isOk: true; output: unknown }
  | { isOk: false; code: FailureCode | 'AETHER_E_SANDBOX_CIRCUIT_OPEN'; reason: string }
) & {
  /** As in CallResult. */
  cpuMs?: number
}

/** Below this many records per part a batch is not split: the fixed cost of a call would dominate. */
const minRecordsPerPart = 250

/** Log limits of a call. */
export interface LogLimits {
  maxLinesPerCall: number
  maxLineChars: number
}

/**
 * An installed adapter as the host calls it: sends a batch to the pool, then checks what came
 * back before anything uses it: the size, that it parses, that it is an array of exactly one
 * object per input with the input's id and tenant. Only the kind's own shape is left to check.
 */
export class SandboxedAdapter {
  constructor(
    readonly adapter: InstalledAdapter,
    private readonly pool: SandboxPool,
    private readonly logLimits: LogLimits,
    /** What its ctx may use beyond tenant and log; nothing when absent (deny by default). */
    private readonly capabilities?: AdapterCapabilities,
    /** Only the conformance harness freezes the clock of its calls (clock-freeze.ts); pipelines keep real time. */
    private readonly frozenClock?: FrozenClock,
  ) {}

  get name(): string {
    return this.adapter.manifest.name
  }

  async call(records: Keyed[], tenant: string, logger: Logger): Promise<CallResult> {
    const ran = await this.#runSplit(records, tenant, logger)
    if (!ran.isOk) return ran
    const { output, cpuMs } = ran
    const violation = (problem: string): CallResult => ({ ...this.#violation(problem, logger), cpuMs })
    if (!Array.isArray(output)) return violation(`the output is not an array (it is ${output === null ? 'null' : typeof output})`)
    if (output.length !== records.length) return violation(`it returned ${output.length} records for ${records.length} inputs`)
    for (const [index, item] of output.entries()) {
      if (item === null || typeof item !== 'object' || Array.isArray(item)) return violation(`output record ${index} is not an object`)
      const input = records[index] as Keyed
      const { id, tenant: itemTenant } = item as Record<string, unknown>
      if (id !== input.id) return violation(`output record ${index} has id ${JSON.stringify(id)}, not its input's ${input.id}`)
      if (itemTenant !== input.tenant) return violation(`output record ${index} has tenant ${JSON.stringify(itemTenant)}, not its input's ${input.tenant}`)
    }
    return { isOk: true, records: output as Array<Record<string, unknown>>, cpuMs }
  }

  /**
   * A large batch is split into parts run at once in several sandbox processes (one output per
   * input makes the parts' outputs one batch again), so the call uses the machine's other cores
   * as in-process code cannot. The call fails as a whole with the first part's failure.
   */
  async #runSplit(records: Keyed[], tenant: string, logger: Logger): Promise<RunResult> {
    const partCount = Math.min(this.pool.size, Math.floor(records.length / minRecordsPerPart))
    if (partCount < 2) return this.#run('process', JSON.stringify(records), tenant, logger)
    const partSize = Math.ceil(records.length / partCount)
    const parts = Array.from({ length: partCount }, (_, index) => records.slice(index * partSize, (index + 1) * partSize))
    const ran = await Promise.all(parts.map((part) => this.#run('process', JSON.stringify(part), tenant, logger)))
    const cpuMs = ran.reduce((sum, part) => sum + (part.cpuMs ?? 0), 0)
    const failed = ran.find((part) => !part.isOk)
    if (failed !== undefined) return { ...failed, cpuMs }
    const outputs = ran.map((part) => (part as RunResult & { isOk: true }).output)
    // A part that is not an array fails the shape check as the whole output would.
    const notArray = outputs.find((output) => !Array.isArray(output))
    return { isOk: true, output: notArray !== undefined ? notArray : outputs.flat(), cpuMs }
  }

  /** Calls a source's `poll(cursor, ctx)`: the parsed output, size-checked; the source checks its shape. */
  poll(cursor: unknown, tenant: string, logger: Logger): Promise<RunResult> {
    return this.#run('poll', JSON.stringify(cursor), tenant, logger)
  }

  /** Runs one call in the pool and parses its output, within the size cap. */
  async #run(method: 'process' | 'poll', input: string, tenant: string, logger: Logger): Promise<RunResult> {
    const { manifest, source } = this.adapter
    const granted = this.capabilities?.granted
    const capabilities = this.capabilities === undefined
      ? undefined
      : new CallCapabilities(manifest.name, tenant, this.capabilities.granted, this.capabilities.services, logger, this.adapter.packageName)
    const startedMs = performance.now()
    let outcome = await this.pool.run({
      bundleKey: manifest.sha512, source, adapterName: manifest.name, tenant, input, method,
      timeoutMs: manifest.limits.timeoutMs, memoryMb: manifest.limits.memoryMb, maxOutputBytes: manifest.limits.maxOutputBytes,
      maxLogLines: this.logLimits.maxLinesPerCall, maxLogLineChars: this.logLimits.maxLineChars,
      capabilities: { fetch: (granted?.fetch.length ?? 0) > 0, kv: granted?.kv ?? false },
      ...(this.frozenClock === undefined ? {} : { frozenClock: this.frozenClock }),
    }, capabilities)
    // A refused capability call fails the call whatever the adapter did next (caught it, timed out).
    const denial = capabilities?.denial
    if (denial !== undefined) outcome = { ...outcome, isOk: false, code: 'AETHER_E_SANDBOX_CAPABILITY_DENIED', reason: denial }
    const cpuMs = outcome.cpuMs ?? performance.now() - startedMs
    for (const line of outcome.logs) logger.info({ adapter: manifest.name, adapterLog: line }, 'adapter log')
    if (outcome.droppedLogs > 0) logger.warn({ adapter: manifest.name, adapterLog: `dropped ${outcome.droppedLogs} log lines` }, 'adapter log')
    if (!outcome.isOk) {
      logger.warn({ adapter: manifest.name, code: outcome.code, reason: outcome.reason }, 'adapter call failed')
      return { isOk: false, code: outcome.code, reason: outcome.reason, cpuMs }
    }
    // The child checked the size already; a second check costs little and keeps the host's
    // parse bounded whatever the child sent.
    if (Buffer.byteLength(outcome.output) > manifest.limits.maxOutputBytes) {
      return { isOk: false, code: 'AETHER_E_SANDBOX_OUTPUT_TOO_LARGE', reason: `more than ${manifest.limits.maxOutputBytes} bytes`, cpuMs }
    }
    try {
      return { isOk: true, output: JSON.parse(outcome.output) as unknown, cpuMs }
    } catch {
      return { ...this.#violation('the output is not JSON', logger), cpuMs }
    }
  }

  #violation(problem: string, logger: Logger): { isOk: false; code: FailureCode; reason: string } {
    const reason = problem.slice(0, 500)
    logger.warn({ adapter: this.adapter.manifest.name, code: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', reason }, 'adapter call failed')
    return { isOk: false, code: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', reason }
  }
}
