import type { RecordStorage } from '@aether/plugin-api'
import { auditLedgerOf } from '../guards/audit-ledger-of.js'
import type { BreakerState } from '../guards/circuit-breaker.js'
import { breakerAuditKind, breakerSubject } from '../guards/host-guards.js'
import { utcDay } from '../guards/utc-day.js'
import { dailyUsage } from '../metering/daily-usage.js'
import { emptyCounts, type UsageCounts } from '../metering/usage-record.js'

/** One adapter as `aether sandbox status` shows it: what storage recorded, not a live view. */
export interface AdapterStatus {
  adapter: string
  /** The state the last recorded transition moved to; `closed` when none is recorded. */
  breaker: BreakerState
  /** The last recorded transition, if any: when, why, by which host process. */
  lastTransition?: { at: string; from: BreakerState; reason: string; host?: string; pid?: number }
  /** Stored usage of today (UTC) for the tenant; the last flush interval is not in it yet. */
  today: UsageCounts & { day: string }
  /** The adapter's daily CPU budget (all tenants together), when known. */
  cpuMsPerDay?: number
}

interface BreakerPayload { from: BreakerState; to: BreakerState; reason: string; at: string; host?: string; pid?: number }

/**
 * The recorded state of each adapter: its last breaker transition from the audit ledger and
 * today's stored usage. A running host writes both, so this is what it last recorded; with
 * several host processes, the latest transition any of them recorded.
 */
export async function adapterStatus(
  storage: RecordStorage, tenant: string, adapters: Array<{ name: string; cpuMsPerDay?: number }>, now = Date.now(),
): Promise<AdapterStatus[]> {
  const day = utcDay(now)
  const ledger = auditLedgerOf(storage)
  const entries = ledger === undefined ? [] : await ledger.entriesFor(tenant, adapters.map((a) => breakerSubject(a.name)))
  const usage = await dailyUsage(storage, { tenant, from: day, to: day })
  return adapters.map(({ name, cpuMsPerDay }) => {
    const last = entries.filter((e) => e.kind === breakerAuditKind && e.subject === breakerSubject(name)).at(-1)
    const payload = last?.payload as BreakerPayload | undefined
    const found = usage.find((u) => u.adapter === name)
    const today = { day, ...(found === undefined ? emptyCounts() : pickCounts(found)) }
    return {
      adapter: name, breaker: payload?.to ?? 'closed', today,
      ...(payload === undefined ? {} : {
        lastTransition: {
          at: payload.at, from: payload.from, reason: payload.reason,
          ...(payload.host === undefined ? {} : { host: payload.host }), ...(payload.pid === undefined ? {} : { pid: payload.pid }),
        },
      }),
      ...(cpuMsPerDay === undefined ? {} : { cpuMsPerDay }),
    }
  })
}

function pickCounts(usage: UsageCounts): UsageCounts {
  const { calls, recordsIn, recordsOut, cpuMs, failures, refused } = usage
  return { calls, recordsIn, recordsOut, cpuMs, failures, refused }
}
