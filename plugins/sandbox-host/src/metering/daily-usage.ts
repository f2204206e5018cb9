import type { RecordStorage } from '@aether/plugin-api'
import { nextUtcDayMs } from '../guards/utc-day.js'
import { addCounts, emptyCounts, type UsageCounts, type UsageV1 } from './usage-record.js'

/** One adapter's usage for one tenant on one UTC day. */
export type DailyUsage = { adapter: string; tenant: string; day: string } & UsageCounts

// Far more usage records than a tenant has in a query window: a flush a minute is 1,440 per adapter and day.
const maxRecords = 1_000_000

/**
 * A tenant's stored usage.v1 records for the UTC days `from` to `to` (both included,
 * `YYYY-MM-DD`), as written: one flush's delta each. What `aether sandbox usage --records`
 * prints, for `aether registry usage import`.
 */
export async function usageRecords(storage: RecordStorage, query: { tenant: string; from: string; to: string }): Promise<UsageV1[]> {
  return await storage.queryWindow({
    tenant: query.tenant, contract: 'usage.v1', from: `${query.from}T00:00:00.000Z`,
    to: new Date(nextUtcDayMs(Date.parse(`${query.to}T00:00:00.000Z`))).toISOString(), limit: maxRecords,
  }) as unknown as UsageV1[]
}

/**
 * A tenant's daily usage totals per adapter for the UTC days `from` to `to` (both included,
 * `YYYY-MM-DD`), summed from the stored `usage.v1` records; sorted by day, then adapter.
 */
export async function dailyUsage(storage: RecordStorage, query: { tenant: string; from: string; to: string }): Promise<DailyUsage[]> {
  const records = await usageRecords(storage, query)
  const totals = new Map<string, DailyUsage>()
  for (const record of records) {
    const id = `${record.day}\0${record.adapter}`
    let total = totals.get(id)
    if (total === undefined) {
      total = { adapter: record.adapter, tenant: record.tenant, day: record.day, ...emptyCounts() }
      totals.set(id, total)
    }
    addCounts(total, record)
  }
  return [...totals.values()].sort((a, b) => a.day.localeCompare(b.day) || a.adapter.localeCompare(b.adapter))
}
