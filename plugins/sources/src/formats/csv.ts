/**
 * Splits simple CSV text (a header line, comma-separated, no quoted fields: the vendored price
 * files are all of this kind) into objects keyed by the header.
 */
export function parseCsv(text: string): Array<Record<string, string>> {
  const lines = text.split(/\r?\n/).filter((line) => line.length > 0)
  const header = (lines.shift() ?? '').split(',')
  return lines.map((line) => {
    const cells = line.split(',')
    return Object.fromEntries(header.map((name, index) => [name, cells[index] ?? '']))
  })
}

/** A number from a CSV cell, or null when the cell is empty or not a number (the validator refuses it). */
export function numberOrNull(cell: string | undefined): number | null {
  if (cell === undefined || cell.trim() === '') return null
  const value = Number(cell)
  return Number.isFinite(value) ? value : null
}
