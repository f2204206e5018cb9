import type { UsageStore } from '../usage/usage-store.js'

/** Use of an adapter over a span of days, as usage metering aggregates it. */
export interface RecordedUsage {
  isRecorded: true
  calls: number
  records: number
  cpuMs: number
  tenants: number
  firstDay: string
  lastDay: string
}

/** What the detail page shows of a package's use: totals, or a clearly labelled absence. */
export type UsageSummary = RecordedUsage | { isRecorded: false; note: string }

/** Where usage comes from: the registry's imported usage (storedUsage), or another source. */
export interface UsageSource {
  usageOf(packageName: string): Promise<UsageSummary>
}

/** The usage operators imported (POST /-/aether/usage), summed over every day, version and tenant. */
export function storedUsage(store: UsageStore): UsageSource {
  return {
    async usageOf(packageName) {
      const totals = await store.totalsOfPackage(packageName)
      if (totals === undefined) return { isRecorded: false, note: 'No usage recorded: no operator has imported usage of this adapter yet.' }
      const { firstDay, lastDay, tenants, calls, recordsOut, cpuMs } = totals
      return { isRecorded: true, calls, records: recordsOut, cpuMs, tenants, firstDay, lastDay }
    },
  }
}
