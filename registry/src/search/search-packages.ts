import semver from 'semver'
import type { ListedPackage } from './listed-package.js'
import type { SearchFilters } from './search-query.js'

/** One page of results: the total matched, and the page in a stable order. */
export interface SearchPage {
  total: number
  offset: number
  limit: number
  results: (ListedPackage & { score: number })[]
}

// How much a word counts where it is found: the name most, the README least.
const weights = { exactName: 100, name: 10, keyword: 6, description: 4, readme: 1 }

/**
 * Filters, ranks and pages the packages. Every word must appear somewhere; the order is the
 * score (relevance), the name, or the latest publish, and the name breaks every tie, so the same
 * query always gives the same pages.
 */
export function searchPackages(packages: ListedPackage[], filters: SearchFilters): SearchPage {
  const matched: (ListedPackage & { score: number })[] = []
  for (const listed of packages) {
    if (!passesFilters(listed, filters)) continue
    const score = scoreOf(listed, filters.terms)
    if (score === undefined) continue
    matched.push({ ...listed, score })
  }
  matched.sort((a, b) => {
    const first = filters.sort === 'relevance' ? b.score - a.score : filters.sort === 'updated' ? b.publishedAt.localeCompare(a.publishedAt) : 0
    return first !== 0 ? first : a.name < b.name ? -1 : a.name > b.name ? 1 : 0
  })
  return { total: matched.length, offset: filters.offset, limit: filters.limit, results: matched.slice(filters.offset, filters.offset + filters.limit) }
}

function passesFilters(listed: ListedPackage, filters: SearchFilters): boolean {
  if (filters.kind !== undefined && listed.kind !== filters.kind) return false
  if (filters.certified !== undefined && listed.isCertified !== filters.certified) return false
  if (filters.publisher !== undefined && listed.publisher !== filters.publisher) return false
  for (const wanted of filters.capabilities) {
    if (!hasCapability(listed, wanted)) return false
  }
  if (filters.engine !== undefined) {
    // A plain package has no engine; an unparsable engine intersects nothing.
    if (listed.engine === null || semver.validRange(listed.engine) === null) return false
    if (!semver.intersects(listed.engine, filters.engine, { includePrerelease: true })) return false
  }
  return true
}

function hasCapability(listed: ListedPackage, wanted: string): boolean {
  if (wanted === 'none') return listed.kind !== null && listed.capabilities.length === 0
  if (wanted === 'fetch') return listed.capabilities.some((capability) => capability.startsWith('fetch:'))
  return listed.capabilities.includes(wanted)
}

/** The sum of each word's best place, or undefined when a word is found nowhere. */
function scoreOf(listed: ListedPackage, terms: string[]): number | undefined {
  const name = listed.name.toLowerCase()
  const keywords = listed.keywords.map((keyword) => keyword.toLowerCase())
  const description = listed.description.toLowerCase()
  const readme = listed.readme.toLowerCase()
  let score = 0
  for (const term of terms) {
    const found = name === term || name.endsWith(`/${term}`) ? weights.exactName
      : name.includes(term) ? weights.name
        : keywords.includes(term) ? weights.keyword
          : description.includes(term) ? weights.description
            : readme.includes(term) || keywords.some((keyword) => keyword.includes(term)) ? weights.readme
              : 0
    if (found === 0) return undefined
    score += found
  }
  return score
}
