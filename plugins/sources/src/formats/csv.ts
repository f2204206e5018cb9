import { parse } from 'csv-parse/sync'

/**
 * Reads CSV text (RFC 4180: quoted fields may hold commas, doubled quotes and line breaks; LF or
 * CRLF line endings; a leading byte-order mark is dropped) into objects keyed by the header line.
 * Empty lines are skipped; a short row's missing cells read as '', cells past the header are
 * ignored. Text that is not CSV (an unclosed quote) throws, naming the line.
 */
export function parseCsv(text: string): Array<Record<string, string>> {
  const [header = [], ...rows] = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: true })
  return rows.map((cells) => Object.fromEntries(header.map((name, index) => [name, cells[index] ?? ''])))
}

/** A number from a CSV cell, or null when the cell is empty or not a number (the validator refuses it). */
export function numberOrNull(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null
  const value = Number(cell)
  return Number.isFinite(value) ? value : null
}
