import type { ConformanceReport } from './conformance-report.js'

const mark = { pass: 'PASS', fail: 'FAIL', skip: 'skip' } as const

/** The report as a Markdown summary: the verdict, then one row per check with its evidence. */
export function renderMarkdown(report: ConformanceReport): string {
  const { adapter } = report
  const cell = (text: string) => text.replaceAll('|', '\\|').replaceAll('\n', ' ')
  const lines = [
    `# Conformance: ${adapter.name ?? '(unnamed)'} ${adapter.version ?? ''} — ${report.verdict.toUpperCase()}`,
    '',
    `${adapter.kind ?? 'unknown kind'}, from a ${adapter.artifact}; sha512 \`${adapter.sha512?.slice(0, 32) ?? 'none'}…\`; kernel ${report.kernelVersion}, harness ${report.harnessVersion}.`,
    `${report.summary.pass} passed, ${report.summary.fail} failed, ${report.summary.skip} skipped in ${report.timing.totalMs} ms.`,
    '',
    '| check | status | evidence | ms |',
    '|---|---|---|---|',
    ...report.checks.map((check) => {
      const measured = check.measurements === undefined ? [] : [Object.entries(check.measurements).map(([key, value]) => `${key} ${value}`).join(', ')]
      return `| \`${check.id}\` ${cell(check.title)} | ${mark[check.status]} | ${[...check.evidence, ...measured].map(cell).join('<br>')} | ${check.timing.ms} |`
    }),
    '',
    ...baselineSection(report),
  ]
  return lines.join('\n')
}

const changeNames = { changedIds: 'changed ids', changedRouting: 'changed routing', addedFields: 'added output fields', removedFields: 'removed output fields', changedValues: 'changed values' } as const

function baselineSection(report: ConformanceReport): string[] {
  if (report.baseline === undefined) return []
  const { changes } = report.baseline
  return [
    `## Against ${report.baseline.name ?? '(unnamed)'} ${report.baseline.version ?? ''}`,
    '',
    `Replayed ${report.baseline.traffic} (${changes.inputs} inputs). Error rate ${changes.errorRate.baseline} → ${changes.errorRate.candidate}.`,
    '',
    ...Object.entries(changeNames).flatMap(([key, name]) => {
      const found = changes[key as keyof typeof changeNames]
      return [`- ${name}: ${found.count}`, ...found.examples.map((example) => `  - \`${example.replaceAll('`', "'")}\``)]
    }),
    '',
  ]
}
