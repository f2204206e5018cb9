import type { SearchPage } from '../search/search-packages.js'
import { html, type SafeHtml } from './html.js'
import { packageHref, publisherHref } from './layout.js'

/** A badge for a submission state; plain packages get none. */
export function stateBadge(state: string | null): SafeHtml {
  return state === null ? html`` : html`<span class="badge ${state}">${state}</span>`
}

/** The results of a search or a publisher listing, each linking to its package page. */
export function resultList(results: SearchPage['results']): SafeHtml {
  if (results.length === 0) return html`<p class="none" id="no-results">No package matches.</p>`
  return html`<ol class="results">${results.map((result) => html`
<li class="result" data-name="${result.name}">
  <a class="name" href="${packageHref(result.name)}"><strong>${result.name}</strong></a> <span class="muted">${result.version}</span>
  ${result.kind === null ? html`<span class="badge">npm package</span>` : html`<span class="badge">${result.kind}</span>`} ${stateBadge(result.state)}
  ${result.deprecated === null ? '' : html`<span class="badge deprecated">deprecated</span>`}
  <div class="description">${result.description}</div>
  <div class="muted">${result.publisher === null ? 'unscoped' : html`by <a href="${publisherHref(result.publisher)}">${result.publisher}</a>`}${result.engine === null ? '' : html` · kernel ${result.engine}`} · capabilities: ${result.kind === null ? 'n/a' : result.capabilities.length === 0 ? 'none' : result.capabilities.join(', ')}${result.keywords.length === 0 ? '' : html` · ${result.keywords.join(', ')}`}</div>
</li>`)}</ol>`
}
