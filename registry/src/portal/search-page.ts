import type { SearchQuery } from '../search/search-query.js'
import type { SearchPage } from '../search/search-packages.js'
import { html } from './html.js'
import { page, portalBase } from './layout.js'
import { resultList } from './result-list.js'

/** The search page: a form of filters (sent as GET, no script) and one page of results. */
export function searchPage(query: SearchQuery, results: SearchPage, kinds: string[]): string {
  const option = (value: string, label: string, current: string | undefined) => html`<option value="${value}"${(current ?? '') === value ? html` selected` : ''}>${label}</option>`
  const capability = query.capability?.find((value) => value.trim() !== '') ?? ''
  const link = (offset: number) => {
    const params = new URLSearchParams()
    for (const [key, value] of Object.entries(query)) {
      if (key === 'offset' || value === undefined || value === '') continue
      for (const one of Array.isArray(value) ? value : [value]) params.append(key, String(one))
    }
    params.set('offset', String(offset))
    return `${portalBase}?${params.toString()}`
  }
  const end = Math.min(results.total, results.offset + results.results.length)
  return page('Search', html`
<h1>Adapters and packages</h1>
<form class="search" method="get" action="${portalBase}">
  <label>words<input type="search" name="q" value="${query.q ?? ''}" placeholder="name, description, keyword, README"></label>
  <label>kind<select name="kind">${option('', 'any', query.kind)}${kinds.map((kind) => option(kind, kind, query.kind))}</select></label>
  <label>capability<input name="capability" value="${capability}" placeholder="kv, fetch, none"></label>
  <label>certified<select name="certified">${option('', 'any', query.certified)}${option('true', 'certified', query.certified)}${option('false', 'not certified', query.certified)}</select></label>
  <label>kernel<input name="engine" value="${query.engine ?? ''}" placeholder="0.1.0 or ^0.1"></label>
  <label>order<select name="sort">${option('', 'best match', query.sort)}${option('name', 'name', query.sort)}${option('updated', 'recently published', query.sort)}</select></label>
  <button type="submit">Search</button>
</form>
<p class="muted" id="total">${results.total === 0 ? 'No packages' : `${results.offset + 1}–${end} of ${results.total} package${results.total === 1 ? '' : 's'}`}</p>
${resultList(results.results)}
<nav class="pages">${results.offset > 0 ? html`<a rel="prev" href="${link(Math.max(0, results.offset - results.limit))}">previous</a>` : ''}${end < results.total ? html`<a rel="next" href="${link(end)}">next</a>` : ''}</nav>`)
}
