import type { SqlExecutor } from '@aether/storage-sql'
import semver from 'semver'
import { RegistryStatementInvalid } from '../errors.js'
import { formatCents, lineAmounts, revenueShareProblem, type RevenueShare } from './revenue-share.js'

/** One line: an adapter version's usage by one tenant over the month, and what it earned. */
export interface StatementLine {
  package: string
  adapter: string
  version: string
  tenant: string
  /** Days of the month with usage. */
  days: number
  calls: number
  recordsIn: number
  /** Records of successful calls: what is billed. */
  recordsOut: number
  cpuMs: number
  gross: string
  publisherShare: string
  operatorShare: string
}

/** A publisher's revenue-share statement for one calendar month (UTC days). */
export interface Statement {
  schema: 'aether.statement.v1'
  month: string
  publisher: string
  terms: RevenueShare & { billed: 'recordsOut' }
  lines: StatementLine[]
  totals: Omit<StatementLine, 'package' | 'adapter' | 'version' | 'tenant' | 'days'>
}

interface Row {
  package: string; adapter: string; adapter_version: string; tenant: string; days: number
  calls: string; records_in: string; records_out: string; cpu_ms: number | string
}

/**
 * The statement of `publisher` for `month` (`YYYY-MM`), computed from the stored usage rows
 * every time it is asked for: each row counts for the package that holds its adapter name
 * (registry_adapter_names) when that package has the row's version and belongs to the publisher.
 * Amounts per line as lineAmounts says; totals are the sums of the lines' rounded amounts.
 */
export async function statement(executor: SqlExecutor, query: { month: string; publisher: string }, terms: RevenueShare): Promise<Statement> {
  const start = monthStart(query.month)
  const problem = revenueShareProblem(terms)
  if (problem !== undefined) throw new RegistryStatementInvalid([`the registry's revenue-share terms are not usable: ${problem}`])
  const next = new Date(Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, 1)).toISOString().slice(0, 10)
  const { rows } = await executor.query<Row>(`SELECT n.package, u.adapter, u.adapter_version, u.tenant, count(DISTINCT u.day)::int AS days,
      sum(u.calls)::text AS calls, sum(u.records_in)::text AS records_in, sum(u.records_out)::text AS records_out, sum(u.cpu_ms) AS cpu_ms
    FROM registry_usage u
    JOIN registry_adapter_names n ON n.adapter_name = u.adapter
    JOIN registry_packages p ON p.name = n.package
    JOIN registry_versions v ON v.package = n.package AND v.version = u.adapter_version
    WHERE p.publisher = $1 AND u.day >= $2::date AND u.day < $3::date
    GROUP BY n.package, u.adapter, u.adapter_version, u.tenant`, [query.publisher, start.toISOString().slice(0, 10), next])
  const totals = { calls: 0, recordsIn: 0, recordsOut: 0, cpuMs: 0, gross: 0n, publisher: 0n, operator: 0n }
  const lines = rows
    .sort((a, b) => a.package.localeCompare(b.package) || semver.compare(a.adapter_version, b.adapter_version) || a.tenant.localeCompare(b.tenant))
    .map((row): StatementLine => {
      const amounts = lineAmounts(BigInt(row.records_out), terms)
      const line = {
        package: row.package, adapter: row.adapter, version: row.adapter_version, tenant: row.tenant, days: row.days,
        calls: Number(row.calls), recordsIn: Number(row.records_in), recordsOut: Number(row.records_out), cpuMs: roundMs(Number(row.cpu_ms)),
        gross: formatCents(amounts.grossCents), publisherShare: formatCents(amounts.publisherCents), operatorShare: formatCents(amounts.operatorCents),
      }
      totals.calls += line.calls
      totals.recordsIn += line.recordsIn
      totals.recordsOut += line.recordsOut
      totals.cpuMs += line.cpuMs
      totals.gross += amounts.grossCents
      totals.publisher += amounts.publisherCents
      totals.operator += amounts.operatorCents
      return line
    })
  return {
    schema: 'aether.statement.v1', month: query.month, publisher: query.publisher, terms: { ...terms, billed: 'recordsOut' }, lines,
    totals: {
      calls: totals.calls, recordsIn: totals.recordsIn, recordsOut: totals.recordsOut, cpuMs: roundMs(totals.cpuMs),
      gross: formatCents(totals.gross), publisherShare: formatCents(totals.publisher), operatorShare: formatCents(totals.operator),
    },
  }
}

/** The first UTC day of a `YYYY-MM` month; refuses anything else. */
function monthStart(month: string): Date {
  const match = /^(\d{4})-(\d{2})$/.exec(month)
  const monthNumber = Number(match?.[2])
  if (match === null || monthNumber < 1 || monthNumber > 12) throw new RegistryStatementInvalid([`"${month}" is not a month; use YYYY-MM, such as 2026-11`])
  return new Date(Date.UTC(Number(match[1]), monthNumber - 1, 1))
}

function roundMs(ms: number): number {
  return Math.round(ms * 1000) / 1000
}
