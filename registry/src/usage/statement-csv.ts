import type { Statement } from './statement.js'

const header = ['month', 'publisher', 'package', 'adapter', 'version', 'tenant', 'days', 'calls', 'records_in', 'records_out', 'cpu_ms', 'currency', 'gross', 'publisher_share', 'operator_share']

/**
 * The statement as CSV (RFC 4180: comma-separated, CRLF line ends, fields quoted when they hold
 * a comma, quote or line break): a header, one row per line, then a row whose package is
 * `TOTAL` with the sums.
 */
export function statementCsv(statement: Statement): string {
  const { month, publisher, terms, totals } = statement
  const rows = [
    header,
    ...statement.lines.map((l) => [month, publisher, l.package, l.adapter, l.version, l.tenant, l.days, l.calls, l.recordsIn, l.recordsOut, l.cpuMs, terms.currency, l.gross, l.publisherShare, l.operatorShare]),
    [month, publisher, 'TOTAL', '', '', '', '', totals.calls, totals.recordsIn, totals.recordsOut, totals.cpuMs, terms.currency, totals.gross, totals.publisherShare, totals.operatorShare],
  ]
  return rows.map((row) => row.map((field) => csvField(String(field))).join(',')).join('\r\n') + '\r\n'
}

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value
}
