import type { Logger, StageContext } from '@aether/plugin-api'
import { Value } from '@sinclair/typebox/value'
import {
  OperatorMaxima, readAdapter, SandboxedAdapter, SandboxedEnricher, SandboxPool, type CallResult, type FailureCode,
} from '@aether/plugin-sandbox-host'
import type { Keyed } from '@aether/adapter-sdk'

/** What one call of an adapter in the sandbox gave. */
export interface AdapterTrial {
  name: string
  kind: string
  outcome: 'ok' | Extract<CallResult, { isOk: false }>['code']
  /** Why it failed; absent when it succeeded. */
  reason?: string
  /** The adapter's output records, as it returned them (also when one has the wrong shape). */
  records: unknown[]
  logs: string[]
  timeMs: number
}

/** The maxima a sandbox host has when its configuration sets none, so a trial passes only what an install would. */
const defaultMaxima = Value.Create(OperatorMaxima)

/** Keeps the checked result of the call it makes, so the trial can show the records the kind's own check then judges. */
class RecordingAdapter extends SandboxedAdapter {
  last: CallResult | undefined

  override async call(records: Keyed[], tenant: string, logger: Logger): Promise<CallResult> {
    this.last = await super.call(records, tenant, logger)
    return this.last
  }
}

/**
 * Loads an adapter folder with the sandbox host's own install checks (which throw its coded
 * errors), then runs one call with `records` in a real sandbox process, as the pipeline would
 * (an enricher through the host's enricher, so a record of the wrong shape fails the trial), and
 * stops the process.
 */
export async function tryAdapter(folder: string, records: Keyed[], tenant: string): Promise<AdapterTrial> {
  const installed = await readAdapter(folder, defaultMaxima)
  const { name, kind } = installed.manifest
  const logs: string[] = []
  const logger = quietLogger(logs)
  const pool = new SandboxPool(1, logger)
  try {
    await pool.start()
    const adapter = new RecordingAdapter(installed, pool, { maxLinesPerCall: 100, maxLineChars: 1_000 })
    const startedAt = performance.now()
    const itemErrors = kind === 'enricher'
      ? (await new SandboxedEnricher(adapter).enrichBatch(records as never, stageContext(tenant, logger))).flatMap((item) => item.isOk ? [] : [item.error])
      : (await adapter.call(records, tenant, logger), [])
    const timeMs = Math.round((performance.now() - startedAt) * 10) / 10
    const result = adapter.last as CallResult
    if (!result.isOk) return { name, kind, outcome: result.code, reason: result.reason, records: [], logs, timeMs }
    const code: FailureCode = 'AETHER_E_SANDBOX_CONTRACT_VIOLATION'
    const violation = itemErrors.find((error) => error.startsWith(`${code}: `))
    return violation === undefined
      ? { name, kind, outcome: 'ok', records: result.records, logs, timeMs }
      : { name, kind, outcome: code, reason: violation.slice(code.length + 2), records: result.records, logs, timeMs }
  } finally {
    await pool.stop()
  }
}

function stageContext(tenant: string, logger: Logger): StageContext {
  return { tenant, logger, signal: new AbortController().signal, traceId: 'aether-adapter-test' }
}

/** Keeps the adapter's own log lines (and the host's "dropped N" line); the host's other lines are not the author's concern here. */
function quietLogger(logs: string[]): Logger {
  const method = (fields: object | string) => {
    if (typeof fields === 'object' && typeof (fields as { adapterLog?: unknown }).adapterLog === 'string') logs.push((fields as { adapterLog: string }).adapterLog)
  }
  const logger: Logger = { trace: method, debug: method, info: method, warn: method, error: method, fatal: method, child: () => logger }
  return logger
}
