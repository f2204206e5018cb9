import { UsageMeter, type UsageV1 } from '@aether/plugin-sandbox-host'

/** One metered call: when, what and how much (a day's calls are flushed together unless `flushAfter`). */
export interface MeteredCall {
  at: string
  adapter: string
  version: string
  tenant: string
  recordsIn: number
  recordsOut: number
  cpuMs: number
  failureCode?: string
  /** Flush after this call, so that the day has several usage.v1 records (one per flush). */
  flushAfter?: boolean
}

/**
 * The usage.v1 records the sandbox host's own UsageMeter writes for these calls, as one run of
 * the host would: each flush's delta per adapter, tenant and day, with the meter's ids.
 */
export async function meteredUsage(calls: MeteredCall[], run = 'run-1'): Promise<UsageV1[]> {
  let now = 0
  const meter = new UsageMeter(() => now, run)
  const written: UsageV1[] = []
  const storage = { writeBatch: async (_tenant: string, records: unknown[]) => { written.push(...records as UsageV1[]); return { inserted: records.length, duplicates: 0 } } }
  for (const call of calls) {
    now = Date.parse(call.at)
    meter.called({ adapter: call.adapter, adapterVersion: call.version, tenant: call.tenant }, {
      recordsIn: call.recordsIn, recordsOut: call.recordsOut, cpuMs: call.cpuMs, ...(call.failureCode === undefined ? {} : { failureCode: call.failureCode }),
    })
    if (call.flushAfter === true) await meter.flush(storage)
  }
  await meter.flush(storage)
  return written
}

/**
 * A month of usage with known totals (docs/registry.md works the same example): alice's adapter
 * `geo` (1.0.0 and 1.1.0) for the tenants acme and globex, bob's `news`, and rows that must not
 * count for November: other months, a version never published, an adapter nobody published.
 */
export const novemberCalls: MeteredCall[] = [
  { at: '2026-11-03T08:00:00Z', adapter: 'geo', version: '1.0.0', tenant: 'acme', recordsIn: 10_000, recordsOut: 10_000, cpuMs: 12.5, flushAfter: true },
  { at: '2026-11-03T09:00:00Z', adapter: 'geo', version: '1.0.0', tenant: 'acme', recordsIn: 2_400, recordsOut: 2_345, cpuMs: 3.25, flushAfter: true },
  { at: '2026-11-04T10:00:00Z', adapter: 'geo', version: '1.0.0', tenant: 'acme', recordsIn: 5, recordsOut: 0, cpuMs: 1, failureCode: 'AETHER_E_SANDBOX_TIMEOUT' },
  { at: '2026-11-20T10:00:00Z', adapter: 'geo', version: '1.1.0', tenant: 'acme', recordsIn: 1_001, recordsOut: 1_001, cpuMs: 2 },
  { at: '2026-11-30T23:59:59Z', adapter: 'geo', version: '1.0.0', tenant: 'globex', recordsIn: 10, recordsOut: 10, cpuMs: 0.5 },
  { at: '2026-12-01T00:00:00Z', adapter: 'geo', version: '1.0.0', tenant: 'acme', recordsIn: 5_000, recordsOut: 5_000, cpuMs: 4 },
  { at: '2026-10-31T23:59:59Z', adapter: 'geo', version: '1.0.0', tenant: 'acme', recordsIn: 7_000, recordsOut: 7_000, cpuMs: 4 },
  { at: '2026-11-10T10:00:00Z', adapter: 'geo', version: '9.9.9', tenant: 'acme', recordsIn: 4_000, recordsOut: 4_000, cpuMs: 4 },
  { at: '2026-11-05T10:00:00Z', adapter: 'news', version: '1.0.0', tenant: 'acme', recordsIn: 3_000, recordsOut: 3_000, cpuMs: 6 },
  { at: '2026-11-06T10:00:00Z', adapter: 'mystery', version: '1.0.0', tenant: 'acme', recordsIn: 50, recordsOut: 50, cpuMs: 1 },
]

/** alice's November statement as CSV at 0.50 EUR per 1,000 records out and a 0.70 share, worked out by hand. */
export const aliceNovemberCsv = [
  'month,publisher,package,adapter,version,tenant,days,calls,records_in,records_out,cpu_ms,currency,gross,publisher_share,operator_share',
  // 12,345 records out: 6.1725 → 6.17; × 0.70 = 4.32075 → 4.32; the operator 6.17 − 4.32.
  '2026-11,alice,@alice/geo,geo,1.0.0,acme,2,3,12405,12345,16.75,EUR,6.17,4.32,1.85',
  // 10 records out: 0.005 is half a cent, up to 0.01; × 0.70 = 0.0035 → 0.00.
  '2026-11,alice,@alice/geo,geo,1.0.0,globex,1,1,10,10,0.5,EUR,0.01,0.00,0.01',
  // 1,001 records out: 0.5005 → 0.50; 0.35035 → 0.35.
  '2026-11,alice,@alice/geo,geo,1.1.0,acme,1,1,1001,1001,2,EUR,0.50,0.35,0.15',
  '2026-11,alice,TOTAL,,,,,5,13416,13356,19.25,EUR,6.68,4.67,2.01',
].join('\r\n') + '\r\n'
