import { readFile } from 'node:fs/promises'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { beforeAll, describe, expect, it } from 'vitest'
import { adapterFolders, goodAdapter } from '../../test/adapter-folder.js'
import { brokenAdapters } from '../../test/broken/broken-adapters.js'
import { runConformance } from '../run-conformance.js'
import { ConformanceReport } from './conformance-report.js'
import { renderHtml } from './render-html.js'
import { renderMarkdown } from './render-markdown.js'
import { reportSchemaText } from './report-schema-text.js'

const folders = adapterFolders()
const checkReport = TypeCompiler.Compile(ConformanceReport)

/** The report without what varies between runs: timings and measurements. */
function withoutTimings(report: ConformanceReport): unknown {
  return { ...report, timing: undefined, checks: report.checks.map((check) => ({ ...check, timing: undefined, measurements: undefined })) }
}

let passing: ConformanceReport
let failing: ConformanceReport
beforeAll(async () => {
  passing = await runConformance(await folders('report-enricher', goodAdapter('enricher')))
  failing = await runConformance(await folders('report-broken', brokenAdapters['bad-input'] as Parameters<typeof folders>[1]))
})

describe('the conformance report', () => {
  it('follows its published schema, which is the TypeBox schema the package exports', async () => {
    expect(checkReport.Errors(passing).First()).toBeUndefined()
    expect(checkReport.Check(failing)).toBe(true)
    expect(await readFile(new URL('../../schema/conformance-report.schema.json', import.meta.url), 'utf8')).toBe(reportSchemaText())
  })

  it('names the adapter, its bundle hash and the versions, and gives the verdict', () => {
    expect(passing.adapter).toMatchObject({ name: 'report-enricher', version: '1.0.0', kind: 'enricher', artifact: 'directory', sha512: expect.stringMatching(/^[0-9a-f]{128}$/) })
    expect(passing).toMatchObject({ kernelVersion: '0.1.0', harnessVersion: '0.1.0', verdict: 'pass', summary: { pass: 13, fail: 0, skip: 0 } })
    expect(failing).toMatchObject({ verdict: 'fail', summary: { fail: 1 } })
  })

  it('is the same for the same adapter and harness, apart from timings', async () => {
    const again = await runConformance(await folders('report-enricher', goodAdapter('enricher')))
    expect(withoutTimings(again)).toEqual(withoutTimings(passing))
    expect(JSON.stringify(withoutTimings(again))).toBe(JSON.stringify(withoutTimings(passing)))
  })

  it('reads as Markdown with one row per check and its evidence', () => {
    const markdown = renderMarkdown(failing)
    expect(markdown).toMatch(/^# Conformance: report-broken 1\.0\.0 — FAIL$/m)
    for (const check of failing.checks) expect(markdown).toContain(`| \`${check.id}\``)
    expect(markdown).toMatch(/\| `bad-input` .* \| FAIL \| malformed \(an enricher input whose fields have the wrong types\): accepted<br>missing-field/)
  })

  it('renders as one self-contained HTML page that escapes what the adapter wrote', () => {
    const html = renderHtml({ ...failing, adapter: { ...failing.adapter, name: '<script>alert(1)</script>' } })
    expect(html).not.toMatch(/<script|<link|src=|href=/)
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    for (const check of failing.checks) expect(html).toContain(`<tr id="${check.id}">`)
  })
})
