import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import type { ConformanceReport } from './conformance-report.js'
import { renderHtml } from './render-html.js'
import { renderMarkdown } from './render-markdown.js'

/** Writes report.json, report.md and report.html into `dir` (made if missing); returns their paths. */
export async function writeReport(report: ConformanceReport, dir: string): Promise<string[]> {
  await mkdir(dir, { recursive: true })
  const files: Array<[string, string]> = [
    ['report.json', `${JSON.stringify(report, null, 2)}\n`],
    ['report.md', renderMarkdown(report)],
    ['report.html', renderHtml(report)],
  ]
  for (const [name, text] of files) await writeFile(join(dir, name), text)
  return files.map(([name]) => join(dir, name))
}
