import { readFile, writeFile } from 'node:fs/promises'
import { cpus, totalmem } from 'node:os'
import { fileURLToPath } from 'node:url'

const reportFile = fileURLToPath(new URL('../docs/benchmarks.md', import.meta.url))

/** The machine a benchmark ran on, for the report. */
export function machine(): string {
  const cpu = cpus()[0]?.model.trim() ?? 'unknown CPU'
  const memoryGiB = Math.round(totalmem() / 2 ** 30)
  return `${cpu}, ${cpus().length} cores, ${memoryGiB} GiB, Node.js ${process.version}, ${process.platform}/${process.arch}`
}

/** The median of some measurements: robust to one slow run on a noisy machine. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const middle = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? (sorted[middle] as number) : ((sorted[middle - 1] as number) + (sorted[middle] as number)) / 2
}

/**
 * Replaces one benchmark's section of docs/benchmarks.md (between its markers), adding it at the
 * end the first time, so that each benchmark keeps its own latest result.
 */
export async function writeSection(name: string, markdown: string): Promise<void> {
  const start = `<!-- bench:${name}:start -->`
  const end = `<!-- bench:${name}:end -->`
  const current = await readFile(reportFile, 'utf8').catch(() => '# Benchmarks\n')
  const section = `${start}\n${markdown.trim()}\n${end}`
  const from = current.indexOf(start)
  const to = current.indexOf(end)
  const next = from >= 0 && to > from
    ? `${current.slice(0, from)}${section}${current.slice(to + end.length)}`
    : `${current.trimEnd()}\n\n${section}\n`
  await writeFile(reportFile, next)
}
