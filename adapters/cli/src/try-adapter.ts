import type { Logger } from '@aether/plugin-api'
import { Value } from '@sinclair/typebox/value'
import { OperatorMaxima, readAdapter, SandboxedAdapter, SandboxPool, type FailureCode } from '@aether/plugin-sandbox-host'
import type { Keyed } from '@aether/adapter-sdk'

/** What one call of an adapter in the sandbox gave. */
export interface AdapterTrial {
  name: string
  kind: string
  outcome: 'ok' | FailureCode
  /** Why it failed; absent when it succeeded. */
  reason?: string
  records: unknown[]
  logs: string[]
  timeMs: number
}

/** The maxima a sandbox host has when its configuration sets none, so a trial passes only what an install would. */
const defaultMaxima = Value.Create(OperatorMaxima)

/**
 * Loads an adapter folder with the sandbox host's own install checks (which throw its coded
 * errors), then runs one call with `records` in a real sandbox process and stops it.
 */
export async function tryAdapter(folder: string, records: Keyed[], tenant: string): Promise<AdapterTrial> {
  const installed = await readAdapter(folder, defaultMaxima)
  const logs: string[] = []
  const pool = new SandboxPool(1, quietLogger(logs))
  try {
    await pool.start()
    const adapter = new SandboxedAdapter(installed, pool, { maxLinesPerCall: 100, maxLineChars: 1_000 })
    const startedAt = performance.now()
    const result = await adapter.call(records, tenant, quietLogger(logs))
    const timeMs = Math.round((performance.now() - startedAt) * 10) / 10
    const { name, kind } = installed.manifest
    return result.isOk
      ? { name, kind, outcome: 'ok', records: result.records, logs, timeMs }
      : { name, kind, outcome: result.code, reason: result.reason, records: [], logs, timeMs }
  } finally {
    await pool.stop()
  }
}

/** Keeps the adapter's own log lines (and the host's "dropped N" line); the host's other lines are not the author's concern here. */
function quietLogger(logs: string[]): Logger {
  const method = (fields: object | string) => {
    if (typeof fields === 'object' && typeof (fields as { adapterLog?: unknown }).adapterLog === 'string') logs.push((fields as { adapterLog: string }).adapterLog)
  }
  const logger: Logger = { trace: method, debug: method, info: method, warn: method, error: method, fatal: method, child: () => logger }
  return logger
}
