import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageDetail, SearchPage } from '../../src/index.js'
import { npmClient } from '../npm-cli.js'
import { hostile, portalFixture, type PortalFixture } from '../portal-fixture.js'

// Search, detail and publisher API, and the portal's HTML, against the real registry (PGlite,
// the in-process worker judging each adapter in the sandbox host) after the real npm CLI
// published the fixture set.
let fixture: PortalFixture
beforeAll(async () => {
  fixture = await portalFixture()
}, 90_000)
afterAll(async () => {
  await fixture?.close()
})

async function search(query: string): Promise<SearchPage> {
  const response = await fetch(`${fixture.url}/-/aether/search?${query}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return response.json() as Promise<SearchPage>
}
const names = (page: SearchPage) => page.results.map((result) => result.name)
async function detail(path: string): Promise<PackageDetail> {
  const response = await fetch(`${fixture.url}/-/aether/packages/${path}`)
  expect(response.status, await response.clone().text()).toBe(200)
  return response.json() as Promise<PackageDetail>
}

describe('search', () => {
  it('lists every package by name when given no words', async () => {
    expect(names(await search(''))).toEqual(['@acme/capacity-enricher', '@acme/enricher-notes', '@evil/hostile-package', '@umbra/clock-stamped-enricher', 'string-helpers'])
  })

  it('finds words in the name, description, keywords and README, ranking the name first', async () => {
    expect(names(await search('q=capacity'))).toEqual(['@acme/capacity-enricher'])
    // "quota" is only in 1.1.0's description: search reads the latest version.
    expect(names(await search('q=quota'))).toEqual(['@acme/capacity-enricher'])
    expect(names(await search('q=strings'))).toEqual(['string-helpers'])
    expect(names(await search('q=zanzibar'))).toEqual(['string-helpers'])
    const enrichers = await search('q=enricher')
    expect(names(enrichers)).toEqual(['@acme/capacity-enricher', '@acme/enricher-notes', '@umbra/clock-stamped-enricher'])
    expect(enrichers.results.every((result) => result.score > 0)).toBe(true)
    // Every word must appear.
    expect((await search('q=capacity+zanzibar')).total).toBe(0)
  })

  it('filters by kind, capability and certification', async () => {
    expect(names(await search('kind=enricher'))).toEqual(['@acme/capacity-enricher', '@umbra/clock-stamped-enricher'])
    // Filters read the latest version: 1.1.0 asks for kv, 1.0.0 did not.
    expect(names(await search('capability=kv'))).toEqual(['@acme/capacity-enricher'])
    expect(names(await search('capability=none'))).toEqual(['@umbra/clock-stamped-enricher'])
    expect((await search('capability=fetch')).total).toBe(0)
    expect(names(await search('certified=true'))).toEqual(['@acme/capacity-enricher'])
    expect(names(await search('certified=false&kind=enricher'))).toEqual(['@umbra/clock-stamped-enricher'])
    // Blank filters (a form left empty) filter nothing.
    expect((await search('q=&kind=&certified=&engine=&capability=')).total).toBe(5)
  })

  it('filters by kernel: adapters whose engine range intersects a version or a range', async () => {
    expect(names(await search('engine=0.2.0'))).toEqual(['@acme/capacity-enricher'])
    expect(names(await search('engine=%5E0.1'))).toEqual(['@acme/capacity-enricher', '@umbra/clock-stamped-enricher'])
    expect((await search('engine=1.0.0')).total).toBe(0)
  })

  it('refuses an engine that is not a semver range, and a limit out of bounds, with a 400 saying why', async () => {
    const response = await fetch(`${fixture.url}/-/aether/search?engine=not-a-range`)
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'AETHER_E_REGISTRY_QUERY_INVALID', error: expect.stringContaining('"not-a-range" is not a semver version or range') })
    const tooMany = await fetch(`${fixture.url}/-/aether/search?limit=1000`)
    expect(tooMany.status).toBe(400)
    expect(await tooMany.json()).toMatchObject({ code: 'AETHER_E_REGISTRY_BODY_INVALID', error: expect.stringContaining('limit') })
  })

  it('pages in a stable order: the pages together are the whole list, the same on every ask', async () => {
    const whole = names(await search('sort=updated'))
    const pages: string[] = []
    for (let offset = 0; offset < 5; offset += 2) {
      const page = await search(`sort=updated&limit=2&offset=${offset}`)
      expect(page).toMatchObject({ total: 5, offset, limit: 2 })
      pages.push(...names(page))
    }
    expect(pages).toEqual(whole)
    expect(new Set(pages).size).toBe(5)
    expect(names(await search('sort=updated'))).toEqual(whole)
  })

  it('answers npm search, through the real npm CLI', async () => {
    const npm = await npmClient(fixture.url)
    const outcome = await npm.run(['search', 'capacity', '--json'], fixture.running.registry.blobs.root)
    expect(outcome.code, outcome.stderr).toBe(0)
    const found = JSON.parse(outcome.stdout) as { name: string; version: string; description: string }[]
    expect(found.map((one) => one.name)).toEqual(['@acme/capacity-enricher'])
    expect(found[0]).toMatchObject({ version: '1.1.0', description: 'Scores capacity and quota news, remembering scores' })
  })

  it('is described in the OpenAPI document at /docs', async () => {
    const spec = await (await fetch(`${fixture.url}/docs`)).json() as { paths: Record<string, { get?: { parameters?: { name: string }[] } }> }
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/-/aether/search', '/-/aether/packages/{name}', '/-/aether/publishers/{publisher}', '/-/v1/search']))
    expect(spec.paths['/-/aether/search']?.get?.parameters?.map((parameter) => parameter.name)).toEqual(
      expect.arrayContaining(['q', 'kind', 'capability', 'certified', 'engine', 'offset', 'limit']))
  })
})

describe('package detail', () => {
  it('shows versions newest first, the README, the report with each check, the permissions and usage', async () => {
    const shown = await detail('@acme%2fcapacity-enricher')
    expect(shown).toMatchObject({ name: '@acme/capacity-enricher', publisher: 'acme', version: '1.1.0', kind: 'enricher', distTags: { latest: '1.1.0' }, keywords: ['capacity', 'cloud'] })
    expect(shown.versions.map((version) => [version.version, version.state, version.tags])).toEqual([['1.1.0', 'certified', ['latest']], ['1.0.0', 'certified', []]])
    expect(shown.readme).toContain('quota words')
    expect(shown.conformance).toMatchObject({ state: 'certified', problem: null, report: { verdict: 'pass' } })
    const checks = shown.conformance?.report?.checks ?? []
    expect(checks.map((check) => check.id)).toEqual(expect.arrayContaining(['package.manifest', 'determinism', 'capabilities']))
    expect(checks.every((check) => check.status === 'pass' && check.evidence.length > 0)).toBe(true)
    // The report served beside it is the one the certificate covers.
    const served = await (await fetch(`${fixture.url}${shown.conformance?.reportPath ?? ''}`)).json()
    expect(served).toEqual(shown.conformance?.report)
    expect(shown.permissions).toMatchObject({ requested: ['kv'], certified: ['kv'], kernelRange: '^0.1.0 || ^0.2.0', keyId: expect.any(String) })
    expect(shown.usage).toEqual({ isRecorded: false, note: expect.stringContaining('No usage recorded') })
  })

  it('shows an older version when asked, with its own README and permissions (scoped names given unescaped too)', async () => {
    const older = await detail('@acme/capacity-enricher?version=1.0.0')
    expect(older.version).toBe('1.0.0')
    expect(older.readme).not.toContain('quota')
    expect(older.permissions).toMatchObject({ requested: [], certified: [], kernelRange: '^0.1.0' })
  })

  it('shows a rejected adapter with its failed check and the evidence', async () => {
    const rejected = await detail('@umbra/clock-stamped-enricher')
    expect(rejected.conformance).toMatchObject({ state: 'rejected', report: { verdict: 'fail' } })
    expect(rejected.permissions.certified).toBeNull()
    const determinism = rejected.conformance?.report?.checks.find((check) => check.id === 'determinism')
    expect(determinism?.status).toBe('fail')
    expect(determinism?.evidence[0]).toContain('differ')
  })

  it('shows a plain npm package without conformance or permissions to grant', async () => {
    const plain = await detail('string-helpers')
    expect(plain).toMatchObject({ kind: null, publisher: null, conformance: null, permissions: { requested: [], certified: null } })
  })

  it('answers an unknown package or version with 404 and what was not found', async () => {
    const unknown = await fetch(`${fixture.url}/-/aether/packages/@acme%2fnothing`)
    expect(unknown.status).toBe(404)
    expect((await unknown.json() as { error: string }).error).toContain('@acme/nothing')
    const version = await fetch(`${fixture.url}/-/aether/packages/@acme/capacity-enricher?version=9.9.9`)
    expect(version.status).toBe(404)
    expect((await version.json() as { error: string }).error).toContain('@acme/capacity-enricher@9.9.9')
  })
})

describe('publisher', () => {
  it("lists a publisher's packages (its scope)", async () => {
    const response = await fetch(`${fixture.url}/-/aether/publishers/acme`)
    expect(response.status).toBe(200)
    const body = await response.json() as { publisher: string; total: number; packages: { name: string }[] }
    expect(body).toMatchObject({ publisher: 'acme', total: 2 })
    expect(body.packages.map((listed) => listed.name)).toEqual(['@acme/capacity-enricher', '@acme/enricher-notes'])
    expect((await fetch(`${fixture.url}/-/aether/publishers/nobody`)).status).toBe(404)
  })
})

describe('the portal pages, as HTML', () => {
  it('serves every page without a script, escaping what packages say, under a CSP that forbids scripts', async () => {
    for (const path of ['/-/portal', '/-/portal?q=hostile', '/-/portal/packages/@evil/hostile-package', '/-/portal/publishers/evil']) {
      const response = await fetch(`${fixture.url}${path}`)
      expect(response.status, path).toBe(200)
      expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8')
      expect(response.headers.get('content-security-policy')).toContain("default-src 'none'")
      const page = await response.text()
      expect(page, path).not.toMatch(/<script|<img|<svg|href="javascript/i)
      expect(page, path).toContain('&lt;script&gt;window.__pwned = 1&lt;/script&gt;')
    }
    const detailPage = await (await fetch(`${fixture.url}/-/portal/packages/@evil/hostile-package`)).text()
    expect(detailPage).toContain('&lt;svg onload=alert(1)&gt;')
    expect(detailPage).toContain('&lt;/code&gt;&lt;/pre&gt;&lt;script&gt;window.__pwned = 5&lt;/script&gt;')
    expect(detailPage).toContain('<a href="https://example.com/docs?a=1&amp;b=&quot;2&quot;" rel="nofollow noopener noreferrer">real one</a>')
    expect(detailPage).toContain('[link](javascript:window.__pwned=4)')
    expect(hostile.readme).toContain('<script>')
  })

  it('filters on the search page as the API does', async () => {
    const page = await (await fetch(`${fixture.url}/-/portal?certified=false&q=enricher`)).text()
    expect([...page.matchAll(/data-name="([^"]+)"/g)].map((match) => match[1])).toEqual(['@acme/enricher-notes', '@umbra/clock-stamped-enricher'])
  })

  it('shows a refusal as a page with its status and the escaped reason', async () => {
    const unknown = await fetch(`${fixture.url}/-/portal/packages/${encodeURIComponent('<script>x</script>')}`)
    expect(unknown.status).toBe(404)
    const text = await unknown.text()
    expect(text).toContain('Package &lt;script&gt;x&lt;/script&gt; is not in this registry')
    expect(text).not.toContain('<script>')
    const badEngine = await fetch(`${fixture.url}/-/portal?engine=%3Cb%3E`)
    expect(badEngine.status).toBe(400)
    expect(await badEngine.text()).toContain('&quot;&lt;b&gt;&quot; is not a semver version or range')
  })

  it('sends / to the portal', async () => {
    const response = await fetch(`${fixture.url}/`, { redirect: 'manual' })
    expect(response.status).toBe(302)
    expect(response.headers.get('location')).toBe('/-/portal')
  })
})
