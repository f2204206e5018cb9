import { UsageV1 } from '@aether/plugin-sandbox-host'
import type { SqlExecutor } from '@aether/storage-sql'
import { Value } from '@sinclair/typebox/value'
import { RegistryUsageInvalid } from '../errors.js'

/** The most usage rows one import request carries (the CLI sends larger files in parts). */
export const maxUsageRowsPerImport = 5_000

/** What an import did. */
export interface UsageImport {
  received: number
  /** Rows new to the registry. */
  inserted: number
  /** Rows it already had (same usage.v1 id): importing a file twice counts it once. */
  duplicates: number
  /** Adapter names of the rows that no package of this registry has claimed (they earn nobody anything). */
  unknownAdapters: string[]
}

/** A package's usage on one UTC day and version, all tenants together (tenants are only counted). */
export interface PackageDailyUsage {
  day: string
  version: string
  tenants: number
  calls: number
  recordsIn: number
  recordsOut: number
  cpuMs: number
}

/** A package's usage over every imported day. */
export interface PackageUsageTotals {
  firstDay: string
  lastDay: string
  tenants: number
  calls: number
  recordsOut: number
  cpuMs: number
}

/**
 * Adapter usage reported by operators: the sandbox host's usage.v1 records (each one flush's
 * delta for one adapter, tenant and UTC day), stored as they came, once per record id.
 */
export class UsageStore {
  constructor(private readonly executor: SqlExecutor) {}

  /**
   * Checks every row against usage.v1 (all or nothing: one bad row refuses the request, naming
   * it) and stores the new ones under `reporter`, the importing token's label.
   */
  async import(rows: unknown[], reporter: string): Promise<UsageImport> {
    if (rows.length > maxUsageRowsPerImport) throw new RegistryUsageInvalid([`${rows.length} rows in one request, more than ${maxUsageRowsPerImport}; send them in parts`])
    const records = rows.map((row, index) => {
      if (!Value.Check(UsageV1, row)) {
        const error = Value.Errors(UsageV1, row).First()
        throw new RegistryUsageInvalid([`row ${index} is not a usage.v1 record (${error === undefined ? 'unreadable' : `${error.path || '/'}: ${error.message}`})`])
      }
      if (Number.isNaN(Date.parse(`${row.day}T00:00:00.000Z`))) throw new RegistryUsageInvalid([`row ${index} has the day "${row.day}", which is not a date`])
      return row
    })
    const inserted = await this.executor.transaction(async (tx) => {
      let count = 0
      for (const r of records) {
        const result = await tx.query(`INSERT INTO registry_usage (id, tenant, adapter, adapter_version, day, calls, records_in, records_out, cpu_ms, reporter)
          VALUES ($1, $2, $3, $4, $5::date, $6, $7, $8, $9, $10) ON CONFLICT (id) DO NOTHING`,
        [r.id, r.tenant, r.adapter, r.adapterVersion, r.day, r.calls, r.recordsIn, r.recordsOut, r.cpuMs, reporter])
        count += result.rowCount
      }
      return count
    })
    const adapters = [...new Set(records.map((r) => r.adapter))]
    const { rows: known } = adapters.length === 0 ? { rows: [] } : await this.executor.query<{ adapter_name: string }>(
      'SELECT adapter_name FROM registry_adapter_names WHERE adapter_name = ANY($1::text[])', [adapters])
    const knownNames = new Set(known.map((row) => row.adapter_name))
    return { received: records.length, inserted, duplicates: records.length - inserted, unknownAdapters: adapters.filter((a) => !knownNames.has(a)).sort() }
  }

  /** The package's usage over every day imported, all versions and tenants together; undefined when none was imported. */
  async totalsOfPackage(packageName: string): Promise<PackageUsageTotals | undefined> {
    const { rows } = await this.executor.query<{ first_day: string | null; last_day: string; tenants: number; calls: string; records_out: string; cpu_ms: number | string }>(`
      SELECT min(u.day)::text AS first_day, max(u.day)::text AS last_day, count(DISTINCT u.tenant)::int AS tenants,
        sum(u.calls)::text AS calls, sum(u.records_out)::text AS records_out, sum(u.cpu_ms) AS cpu_ms
      FROM registry_usage u JOIN registry_adapter_names n ON n.adapter_name = u.adapter
      JOIN registry_versions v ON v.package = n.package AND v.version = u.adapter_version
      WHERE n.package = $1`, [packageName])
    const row = rows[0]
    if (row === undefined || row.first_day === null) return undefined
    return {
      firstDay: row.first_day, lastDay: row.last_day, tenants: row.tenants, calls: Number(row.calls),
      recordsOut: Number(row.records_out), cpuMs: Math.round(Number(row.cpu_ms) * 1000) / 1000,
    }
  }

  /**
   * The usage of the package's adapter per UTC day and version from `from` to `to` (both
   * included, `YYYY-MM-DD`), summed over tenants, for the versions it published (as the
   * statements count them): what a package's page shows.
   */
  async dailyOfPackage(packageName: string, from: string, to: string): Promise<PackageDailyUsage[]> {
    const { rows } = await this.executor.query<{ day: string; version: string; tenants: number; calls: string; records_in: string; records_out: string; cpu_ms: number | string }>(`
      SELECT u.day::text AS day, u.adapter_version AS version, count(DISTINCT u.tenant)::int AS tenants, sum(u.calls)::text AS calls,
        sum(u.records_in)::text AS records_in, sum(u.records_out)::text AS records_out, sum(u.cpu_ms) AS cpu_ms
      FROM registry_usage u JOIN registry_adapter_names n ON n.adapter_name = u.adapter
      JOIN registry_versions v ON v.package = n.package AND v.version = u.adapter_version
      WHERE n.package = $1 AND u.day >= $2::date AND u.day <= $3::date
      GROUP BY u.day, u.adapter_version ORDER BY u.day, u.adapter_version`, [packageName, from, to])
    return rows.map((row) => ({
      day: row.day, version: row.version, tenants: row.tenants, calls: Number(row.calls), recordsIn: Number(row.records_in),
      recordsOut: Number(row.records_out), cpuMs: Math.round(Number(row.cpu_ms) * 1000) / 1000,
    }))
  }
}
