import type { PackageDetail } from '../search/package-detail.js'
import { html, type SafeHtml } from './html.js'
import { packageHref, page, publisherHref } from './layout.js'
import { renderMarkdown } from './markdown.js'
import { stateBadge } from './result-list.js'

/** A package's page: versions, permissions, the conformance report with each check, usage, README. */
export function packagePage(detail: PackageDetail): string {
  return page(`${detail.name} ${detail.version}`, html`
<h1>${detail.name} <span class="muted">${detail.version}</span> ${stateBadge(detail.conformance?.state ?? null)}</h1>
<p class="description">${detail.description}</p>
<p class="muted">${detail.kind === null ? 'a plain npm package (no aether-adapter.json)' : `${/^[aeiou]/.test(detail.kind) ? 'an' : 'a'} ${detail.kind} adapter`}
 · ${detail.publisher === null ? 'unscoped' : html`published by <a id="publisher" href="${publisherHref(detail.publisher)}">${detail.publisher}</a>`}
 ${detail.license === null ? '' : html` · ${detail.license}`}${detail.keywords.length === 0 ? '' : html` · keywords: ${detail.keywords.join(', ')}`}</p>
<pre>npm install ${detail.name}@${detail.version}</pre>
${versionsSection(detail)}
${permissionsSection(detail)}
${conformanceSection(detail)}
${usageSection(detail)}
<section id="readme"><h2>README</h2>${detail.readme === '' ? html`<p class="none">This version has no README.</p>` : renderMarkdown(detail.readme)}</section>`)
}

function versionsSection(detail: PackageDetail): SafeHtml {
  return html`<section id="versions"><h2>Versions</h2><table><thead><tr><th>version</th><th>tags</th><th>published</th><th>kernel</th><th>certification</th></tr></thead><tbody>
${detail.versions.map((version) => html`<tr data-version="${version.version}"><td><a href="${packageHref(detail.name, version.version)}">${version.version}</a>${version.version === detail.version ? ' (shown)' : ''}</td>
<td>${version.tags.join(', ')}</td><td>${version.publishedAt.slice(0, 10)}</td><td>${version.engine ?? ''}</td>
<td>${version.state === null ? html`<span class="muted">not an adapter</span>` : stateBadge(version.state)}${version.deprecated === null ? '' : html` <span class="muted">deprecated: ${version.deprecated}</span>`}</td></tr>`)}
</tbody></table></section>`
}

function permissionsSection(detail: PackageDetail): SafeHtml {
  const { permissions } = detail
  const list = (capabilities: string[]) => capabilities.length === 0 ? html`<span class="none">none</span>` : html`<ul>${capabilities.map((capability) => html`<li><code>${capability}</code></li>`)}</ul>`
  if (detail.kind === null) return html`<section id="permissions"><h2>Permissions</h2><p class="none">Not an adapter: nothing runs in the sandbox.</p></section>`
  return html`<section id="permissions"><h2>Permissions</h2><table><tbody>
<tr><th>requested by the manifest</th><td id="requested">${list(permissions.requested)}</td></tr>
<tr><th>covered by the certificate</th><td id="certified">${permissions.certified === null ? html`<span class="none">not certified</span>` : list(permissions.certified)}</td></tr>
<tr><th>kernel range</th><td>${permissions.kernelRange ?? ''}</td></tr>
${permissions.keyId === null ? '' : html`<tr><th>signed</th><td>by key <code>${permissions.keyId}</code> at ${permissions.signedAt ?? ''}</td></tr>`}
</tbody></table></section>`
}

function conformanceSection(detail: PackageDetail): SafeHtml {
  const conformance = detail.conformance
  if (conformance === null) return html`<section id="conformance"><h2>Conformance</h2><p class="none">Not an adapter: not submitted for certification.</p></section>`
  const report = conformance.report
  const heading = html`<h2>Conformance ${report === null ? '' : html`<span class="badge ${report.verdict}" id="verdict">${report.verdict}</span>`}</h2>`
  const problem = conformance.problem === null ? '' : html`<p id="problem">${conformance.problem}</p>`
  if (report === null) {
    return html`<section id="conformance">${heading}${problem}<p class="none">${conformance.state === 'submitted' || conformance.state === 'testing' ? 'Waiting for a worker to judge it.' : 'No report: the harness could not run it.'}</p></section>`
  }
  return html`<section id="conformance">${heading}${problem}
<p class="muted">submission ${conformance.submission}${conformance.decidedAt === null ? '' : `, decided ${conformance.decidedAt}`}; kernel ${report.kernelVersion}, harness ${report.harnessVersion};
 ${report.summary.pass} passed, ${report.summary.fail} failed, ${report.summary.skip} skipped · <a href="${conformance.reportPath ?? ''}">the report as JSON</a></p>
<table><thead><tr><th>check</th><th>status</th><th>evidence</th></tr></thead><tbody>
${report.checks.map((check) => html`<tr class="check" data-check="${check.id}"><td><code>${check.id}</code><br>${check.title}</td><td class="status"><span class="badge ${check.status}">${check.status}</span></td>
<td><ul>${check.evidence.map((line) => html`<li>${line}</li>`)}</ul></td></tr>`)}
</tbody></table></section>`
}

function usageSection(detail: PackageDetail): SafeHtml {
  const usage = detail.usage
  if (!usage.isRecorded) return html`<section id="usage"><h2>Usage</h2><p class="none">${usage.note}</p></section>`
  return html`<section id="usage"><h2>Usage</h2><p>${usage.calls} calls, ${usage.records} records, ${usage.cpuMs} CPU ms, ${usage.tenants} tenants from ${usage.firstDay} to ${usage.lastDay}.</p></section>`
}
