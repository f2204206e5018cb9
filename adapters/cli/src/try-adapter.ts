import type { Logger, StageContext } from '@aether/plugin-api'
import { Value } from '@sinclair/typebox/value'
import {
  CapabilityLimits, capabilityServices, grantedCapabilities, OperatorMaxima, readAdapter, SandboxedAdapter, SandboxPool,
  SandboxSourceFailed, type CallResult, type RunResult,
} from '@aether/plugin-sandbox-host'
import { runKind } from './trial-kinds.js'

/** What one call of an adapter in the sandbox gave. */
export interface AdapterTrial {
  name: string
  kind: string
  outcome: 'ok' | Extract<CallResult, { isOk: false }>['code']
  /** Why it failed; absent when it succeeded. */
  reason?: string
  /** The adapter's output records as it returned them (also when one has the wrong shape); a source's drafts. */
  records: unknown[]
  /** A source's cursor, as its poll returned it. */
  cursor?: unknown
  /** What the host would warn of without failing the call (a source's drafts that break their contract). */
  warnings: string[]
  /** Capabilities the manifest requests that were not granted, so ctx lacks them. */
  ungranted: string[]
  logs: string[]
  timeMs: number
}

/** The maxima and capability limits a sandbox host has when its configuration sets none, so a trial passes only what an install would. */
const defaultMaxima = Value.Default(OperatorMaxima, {}) as OperatorMaxima
const defaultCapabilityLimits = Value.Default(CapabilityLimits, {}) as CapabilityLimits

/** Keeps the result of the call it makes, so the trial can show what the adapter returned before the kind's own check judged it. */
class RecordingAdapter extends SandboxedAdapter {
  last: RunResult | undefined

  override async call(...args: Parameters<SandboxedAdapter['call']>): Promise<CallResult> {
    const result = await super.call(...args)
    this.last = result.isOk ? { isOk: true, output: result.records } : result
    return result
  }

  override async poll(...args: Parameters<SandboxedAdapter['poll']>): Promise<RunResult> {
    this.last = await super.poll(...args)
    return this.last
  }
}

/**
 * Loads an adapter folder (or its .tgz) with the sandbox host's own install checks (which throw its coded
 * errors), grants it `grants` (`fetch=<host>[:<port>]`, `kv`) as an operator would, then runs
 * one call with `inputs` in a real sandbox process through the host's class for its kind, as the
 * pipeline would (a source: one poll from a null cursor), and stops the process. An output the
 * kind's check refuses makes the outcome AETHER_E_SANDBOX_CONTRACT_VIOLATION.
 */
export async function tryAdapter(path: string, inputs: unknown[], tenant: string, grants: readonly string[] = []): Promise<AdapterTrial> {
  const installed = await readAdapter(path, defaultMaxima)
  const { name, kind } = installed.manifest
  const { granted, ungranted } = grantedCapabilities(installed.requested, grants, path)
  const logs: string[] = []
  const host = hostLines()
  const logger = trialLogger(logs, host.lines)
  const pool = new SandboxPool(1, logger)
  try {
    await pool.start()
    const services = capabilityServices(defaultCapabilityLimits)
    const adapter = new RecordingAdapter(installed, pool, { maxLinesPerCall: 100, maxLineChars: 1_000 }, { granted, services })
    const context: StageContext = { tenant, logger, signal: new AbortController().signal, traceId: 'aether-adapter-test' }
    const startedAt = performance.now()
    let itemErrors: string[] = []
    try {
      itemErrors = await runKind(kind, adapter, inputs, context)
    } catch (error) {
      if (!(error instanceof SandboxSourceFailed)) throw error
    }
    const timeMs = Math.round((performance.now() - startedAt) * 10) / 10
    const base = { name, kind, warnings: host.warnings(), ungranted, logs, timeMs }
    const result = adapter.last as RunResult
    if (!result.isOk) return { ...base, outcome: result.code, reason: result.reason, records: [] }
    const { records, cursor } = outputOf(kind, result.output)
    const code = 'AETHER_E_SANDBOX_CONTRACT_VIOLATION' as const
    const violation = host.pollFailure() ?? itemErrors.find((error) => error.startsWith(`${code}: `))?.slice(code.length + 2)
    const outcome = violation === undefined ? { outcome: 'ok' as const } : { outcome: code, reason: violation }
    return { ...base, ...outcome, records, ...(kind === 'source' ? { cursor } : {}) }
  } finally {
    await pool.stop()
  }
}

/** A batch kind's output is its records; a source's is `{ records, cursor }`, shown as far as it has that shape. */
function outputOf(kind: string, output: unknown): { records: unknown[]; cursor?: unknown } {
  if (kind !== 'source') return { records: output as unknown[] }
  const poll = (output ?? {}) as { records?: unknown; cursor?: unknown }
  return { records: Array.isArray(poll.records) ? poll.records : [], cursor: poll.cursor }
}

/** The host's own lines a trial reports: a source poll's refusal, and its warnings about drafts. */
function hostLines() {
  const lines: Array<Record<string, unknown>> = []
  return {
    lines,
    pollFailure: () => lines.find((line) => line.msg === 'source adapter poll failed')?.reason as string | undefined,
    warnings: () => lines.flatMap((line) => typeof line.problem === 'string' ? [line.problem] : []),
  }
}

/** Keeps the adapter's own log lines (and the host's "dropped N" line) apart from the host's lines with a reason or a problem. */
function trialLogger(logs: string[], host: Array<Record<string, unknown>>): Logger {
  const method = (fields: object | string, msg?: string) => {
    if (typeof fields !== 'object') return
    const line = fields as Record<string, unknown>
    if (typeof line.adapterLog === 'string') logs.push(line.adapterLog)
    else if (typeof line.reason === 'string' || typeof line.problem === 'string') host.push({ ...line, msg })
  }
  const logger: Logger = { trace: method, debug: method, info: method, warn: method, error: method, fatal: method, child: () => logger }
  return logger
}
