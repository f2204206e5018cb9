import { describe, expect, it } from 'vitest'
import type { ListedPackage } from './listed-package.js'
import { readSearchQuery } from './search-query.js'
import { searchPackages } from './search-packages.js'

const listed = (name: string, overrides: Partial<ListedPackage> = {}): ListedPackage => ({
  name, publisher: name.startsWith('@') ? name.slice(1, name.indexOf('/')) : null, version: '1.0.0', description: '', keywords: [], readme: '',
  kind: 'enricher', engine: '^0.1.0', capabilities: [], state: 'certified', isCertified: true, deprecated: null, publishedAt: '2026-01-01T00:00:00.000Z', ...overrides,
})
const names = (packages: ListedPackage[], query: Parameters<typeof readSearchQuery>[0]) => searchPackages(packages, readSearchQuery(query)).results.map((result) => result.name)

describe('searchPackages', () => {
  const packages = [
    listed('@b/readme-only', { readme: 'mentions geo once' }),
    listed('@a/geo', { description: 'exact name' }),
    listed('@c/geo-tools', { keywords: ['maps'] }),
    listed('@d/described', { description: 'Geo lookups', capabilities: ['fetch:api.example.com', 'kv'], engine: '>=0.2.0' }),
    listed('plain', { kind: null, engine: null, state: null, isCertified: false, keywords: ['geo'] }),
  ]

  it('ranks an exact name over a name containing the word, over keywords, description and README; the name breaks ties', () => {
    expect(names(packages, { q: 'GEO' })).toEqual(['@a/geo', '@c/geo-tools', 'plain', '@d/described', '@b/readme-only'])
  })

  it('matches "fetch" to any fetch target, "none" to adapters that request nothing, and needs every capability given', () => {
    expect(names(packages, { capability: ['fetch'] })).toEqual(['@d/described'])
    expect(names(packages, { capability: ['fetch', 'kv'] })).toEqual(['@d/described'])
    expect(names(packages, { capability: ['fetch:other.example.com'] })).toEqual([])
    expect(names(packages, { capability: ['none'] })).toEqual(['@a/geo', '@b/readme-only', '@c/geo-tools'])
  })

  it('keeps packages whose engine range intersects the one asked for; plain packages have none', () => {
    expect(names(packages, { engine: '0.2.5' })).toEqual(['@d/described'])
    expect(names(packages, { engine: '^0.1.0' })).toEqual(['@a/geo', '@b/readme-only', '@c/geo-tools'])
  })

  it('orders by latest publish with the name as tie-break, and pages without overlap', () => {
    const dated = packages.map((one, index) => ({ ...one, publishedAt: `2026-01-0${index % 2 === 0 ? 1 : 2}T00:00:00.000Z` }))
    expect(names(dated, { sort: 'updated' })).toEqual(['@a/geo', '@d/described', '@b/readme-only', '@c/geo-tools', 'plain'])
    expect(names(dated, { sort: 'updated', offset: 2, limit: 2 })).toEqual(['@b/readme-only', '@c/geo-tools'])
  })

  it('refuses an engine that is no semver range, saying what to give', () => {
    expect(() => readSearchQuery({ engine: 'soon' })).toThrow(/"soon" is not a semver version or range; give a kernel version/)
  })
})
