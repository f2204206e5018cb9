import { recordId, TenantId } from '@aether/plugin-api'
import { Type, type Static } from '@sinclair/typebox'

const Count = Type.Integer({ minimum: 0 })
const CountsByCode = Type.Record(Type.String({ pattern: '^AETHER_E_[A-Z_]+$' }), Count)

/**
 * `usage.v1`: what one adapter did for one tenant on one UTC day, since the previous flush of
 * the same host run. A day's usage is the sum of its records (see daily-usage.ts); each record
 * is one flush's delta, so a retried flush writes the same ids and storage skips them.
 */
export const UsageV1 = Type.Object({
  id: Type.String({ minLength: 1 }),
  tenant: TenantId,
  contract: Type.Literal('usage.v1'),
  source: Type.Literal('sandbox-host'),
  /** `<adapter>/<day>/<run>/<flush>`: what the id is made of. */
  sourceEventId: Type.String({ minLength: 1 }),
  /** The start of `day`, so that storage's time windows find it. */
  timestamp: Type.String(),
  adapter: Type.String({ minLength: 1 }),
  adapterVersion: Type.String({ minLength: 1 }),
  /** UTC day, `YYYY-MM-DD`. */
  day: Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' }),
  /** Calls that reached the sandbox. */
  calls: Count,
  recordsIn: Count,
  /** Records of successful calls. */
  recordsOut: Count,
  cpuMs: Type.Number({ minimum: 0 }),
  /** Failed calls by code. */
  failures: CountsByCode,
  /** Calls the guards refused without running them (open breaker, spent CPU budget), by code. */
  refused: CountsByCode,
}, { $id: 'usage.v1', additionalProperties: false })
export type UsageV1 = Static<typeof UsageV1>

/** The part of a usage record that is summed. */
export type UsageCounts = Pick<UsageV1, 'calls' | 'recordsIn' | 'recordsOut' | 'cpuMs' | 'failures' | 'refused'>

export function emptyCounts(): UsageCounts {
  return { calls: 0, recordsIn: 0, recordsOut: 0, cpuMs: 0, failures: {}, refused: {} }
}

/** Adds `more` into `into`. */
export function addCounts(into: UsageCounts, more: UsageCounts): void {
  into.calls += more.calls
  into.recordsIn += more.recordsIn
  into.recordsOut += more.recordsOut
  into.cpuMs += more.cpuMs
  for (const [code, count] of Object.entries(more.failures)) into.failures[code] = (into.failures[code] ?? 0) + count
  for (const [code, count] of Object.entries(more.refused)) into.refused[code] = (into.refused[code] ?? 0) + count
}

/** A usage record with its deterministic id. */
export function usageRecord(key: { adapter: string; adapterVersion: string; tenant: string; day: string; run: string; flush: number }, counts: UsageCounts): UsageV1 {
  const sourceEventId = `${key.adapter}/${key.day}/${key.run}/${key.flush}`
  return {
    id: recordId({ source: 'sandbox-host', sourceEventId, contract: 'usage.v1' }),
    tenant: key.tenant, contract: 'usage.v1', source: 'sandbox-host', sourceEventId, timestamp: `${key.day}T00:00:00.000Z`,
    adapter: key.adapter, adapterVersion: key.adapterVersion, day: key.day,
    ...counts, cpuMs: Math.round(counts.cpuMs * 1000) / 1000,
  }
}
