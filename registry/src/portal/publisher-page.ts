import type { SearchPage } from '../search/search-packages.js'
import { html } from './html.js'
import { page } from './layout.js'
import { resultList } from './result-list.js'

/** A publisher's page: the packages under its scope. */
export function publisherPage(publisher: string, packages: SearchPage): string {
  const certified = packages.results.filter((result) => result.isCertified).length
  return page(`Publisher ${publisher}`, html`
<h1>Publisher ${publisher}</h1>
<p class="muted" id="summary">${packages.total} package${packages.total === 1 ? '' : 's'} under @${publisher}/, ${certified} certified</p>
${resultList(packages.results)}`)
}

