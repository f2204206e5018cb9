import type { ConformanceReport } from './conformance-report.js'

function escape(text: string): string {
  return text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;').replaceAll("'", '&#39;')
}

const style = `
body { font: 15px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 70rem; padding: 0 1rem; color: #1d232a; }
h1 { font-size: 1.5rem; } .verdict { padding: .1rem .6rem; border-radius: .3rem; color: #fff; }
.pass { background: #1f7a3a; } .fail { background: #b3261e; } .skip { background: #6b7280; }
table { border-collapse: collapse; width: 100%; } th, td { text-align: left; vertical-align: top; padding: .45rem .6rem; border-bottom: 1px solid #d8dde3; }
td.status span { display: inline-block; min-width: 3rem; text-align: center; padding: .05rem .4rem; border-radius: .3rem; color: #fff; font-size: .85rem; }
code { font: .85rem ui-monospace, monospace; } ul { margin: 0; padding-left: 1.1rem; } .muted { color: #5b6470; }`

/**
 * The report as one self-contained HTML page (inline style, no script, nothing fetched): the
 * verdict, the adapter, and each check with its status, evidence and timing. Every text from the
 * adapter or its outputs is escaped.
 */
export function renderHtml(report: ConformanceReport): string {
  const { adapter } = report
  const rows = report.checks.map((check) => {
    const measured = check.measurements === undefined ? '' : `<li class="muted">${escape(Object.entries(check.measurements).map(([key, value]) => `${key} ${value}`).join(', '))}</li>`
    return `<tr id="${escape(check.id)}"><td><code>${escape(check.id)}</code><br>${escape(check.title)}</td>`
      + `<td class="status"><span class="${check.status}">${check.status}</span></td>`
      + `<td><ul>${check.evidence.map((line) => `<li>${escape(line)}</li>`).join('')}${measured}</ul></td>`
      + `<td>${check.timing.ms}&nbsp;ms</td></tr>`
  }).join('\n')
  const title = `Conformance: ${adapter.name ?? '(unnamed)'} ${adapter.version ?? ''}`
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title><style>${style}</style></head>
<body><h1>${escape(title)} <span class="verdict ${report.verdict}">${report.verdict}</span></h1>
<p>${escape(adapter.kind ?? 'unknown kind')} from a ${adapter.artifact}; sha512 <code>${escape(adapter.sha512 ?? 'none')}</code></p>
<p class="muted">kernel ${escape(report.kernelVersion)}, harness ${escape(report.harnessVersion)}; ${report.summary.pass} passed, ${report.summary.fail} failed, ${report.summary.skip} skipped in ${report.timing.totalMs} ms</p>
<table><thead><tr><th>check</th><th>status</th><th>evidence</th><th>time</th></tr></thead>
<tbody>
${rows}
</tbody></table>${baselineSection(report)}</body></html>
`
}

function baselineSection(report: ConformanceReport): string {
  if (report.baseline === undefined) return ''
  const { changes } = report.baseline
  const kinds = ['changedIds', 'changedRouting', 'addedFields', 'removedFields', 'changedValues'] as const
  const items = kinds.map((kind) => `<li>${kind}: ${changes[kind].count}<ul>${changes[kind].examples.map((example) => `<li><code>${escape(example)}</code></li>`).join('')}</ul></li>`).join('')
  return `<h2>Against ${escape(report.baseline.name ?? '(unnamed)')} ${escape(report.baseline.version ?? '')}</h2>`
    + `<p>Replayed ${escape(report.baseline.traffic)} (${changes.inputs} inputs). Error rate ${changes.errorRate.baseline} → ${changes.errorRate.candidate}.</p><ul id="baseline">${items}</ul>`
}
