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

/**
 * Where usage comes from. Usage metering (issue 14, item 6) supplies a source reading its
 * aggregates; until one is given the registry says that it records none.
 */
export interface UsageSource {
  usageOf(packageName: string): Promise<UsageSummary>
}

/** The source used when no metering is wired in. */
export const noUsageRecorded: UsageSource = {
  usageOf: async () => ({ isRecorded: false, note: 'No usage recorded: this registry does not meter adapter usage yet.' }),
}
