import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { chromium, type Browser, type Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { PackageDetail } from '../../src/index.js'
import { portalFixture, type PortalFixture } from '../portal-fixture.js'

// The portal in a real browser: Debian's chromium driven by playwright-core, against the real
// registry after the real npm CLI published the fixture set. Screenshots go to a temporary folder;
// with AETHER_UPDATE_SCREENSHOTS=1 into docs/images/, where docs/registry.md shows them.
const chromiumBin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
const docsImages = fileURLToPath(new URL('../../../docs/images/', import.meta.url))
let screenshots: string
let fixture: PortalFixture
let browser: Browser
beforeAll(async () => {
  screenshots = process.env.AETHER_UPDATE_SCREENSHOTS === '1' ? docsImages : await mkdtemp(join(tmpdir(), 'aether-portal-screenshots-'))
  await mkdir(screenshots, { recursive: true })
  ;[fixture, browser] = await Promise.all([
    portalFixture(),
    chromium.launch({ executablePath: chromiumBin, headless: true, args: ['--no-sandbox', '--disable-background-networking'] }),
  ])
}, 90_000)
afterAll(async () => {
  await browser?.close()
  await fixture?.close()
  if (screenshots !== undefined && screenshots !== docsImages) await rm(screenshots, { recursive: true, force: true })
})

/** A page that records every request leaving the registry and every script error. */
async function open(path: string): Promise<{ page: Page; foreign: string[]; errors: string[] }> {
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
  const foreign: string[] = []
  const errors: string[] = []
  page.on('request', (request) => { if (!request.url().startsWith(fixture.url)) foreign.push(request.url()) })
  page.on('pageerror', (error) => errors.push(error.message))
  const response = await page.goto(`${fixture.url}${path}`)
  expect(response?.status()).toBe(200)
  return { page, foreign, errors }
}

const resultNames = (page: Page) => page.locator('li.result').evaluateAll((items) => items.map((item) => item.getAttribute('data-name')))

describe('the portal in Chromium', () => {
  it('searches with the filter form, and the results follow the filters', async () => {
    const { page, foreign } = await open('/-/portal')
    await expect(resultNames(page)).resolves.toEqual(['@acme/capacity-enricher', '@acme/enricher-notes', '@evil/hostile-package', '@umbra/clock-stamped-enricher', 'string-helpers'])
    await page.selectOption('select[name=kind]', 'enricher')
    await page.click('button[type=submit]')
    await page.waitForURL(/kind=enricher/)
    await expect(resultNames(page)).resolves.toEqual(['@acme/capacity-enricher', '@umbra/clock-stamped-enricher'])
    await expect(page.locator('#total').innerText()).resolves.toBe('1–2 of 2 packages')
    // The form keeps the filters it was sent with.
    await expect(page.locator('select[name=kind]').inputValue()).resolves.toBe('enricher')
    await page.screenshot({ path: join(screenshots, 'portal-search.png'), fullPage: true })

    await page.selectOption('select[name=certified]', 'true')
    await page.fill('input[name=capability]', 'kv')
    await page.click('button[type=submit]')
    await page.waitForURL(/capability=kv/)
    await expect(resultNames(page)).resolves.toEqual(['@acme/capacity-enricher'])
    await page.fill('input[name=capability]', 'none')
    await page.click('button[type=submit]')
    await page.waitForURL(/capability=none/)
    await expect(page.locator('#no-results').innerText()).resolves.toBe('No package matches.')
    await page.fill('input[name=capability]', '')
    await page.fill('input[name=q]', 'quota')
    await page.click('button[type=submit]')
    await page.waitForURL(/q=quota/)
    await expect(resultNames(page)).resolves.toEqual(['@acme/capacity-enricher'])
    await expect(page.locator('li.result .badge.certified').isVisible()).resolves.toBe(true)
    expect(foreign).toEqual([])
    await page.close()
  })

  it("shows a package's versions, each conformance check with its evidence, permissions and usage", async () => {
    const detail = await (await fetch(`${fixture.url}/-/aether/packages/@acme/capacity-enricher`)).json() as PackageDetail
    const { page, foreign } = await open('/-/portal')
    await page.click('a.name[href$="/@acme/capacity-enricher"]')
    await page.waitForURL(/\/-\/portal\/packages\/@acme\/capacity-enricher$/)
    await expect(page.locator('h1').innerText()).resolves.toBe('@acme/capacity-enricher 1.1.0 certified')
    await expect(page.locator('#versions tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-version')))).resolves.toEqual(['1.1.0', '1.0.0'])
    await expect(page.locator('#verdict').innerText()).resolves.toBe('pass')
    const checks = detail.conformance?.report?.checks ?? []
    expect(checks.length).toBeGreaterThan(5)
    await expect(page.locator('tr.check').count()).resolves.toBe(checks.length)
    for (const check of checks) {
      const row = page.locator(`tr.check[data-check="${check.id}"]`)
      await expect(row.isVisible()).resolves.toBe(true)
      await expect(row.locator('td.status').innerText()).resolves.toBe(check.status)
      await expect(row.locator('li').first().innerText()).resolves.toBe(check.evidence[0])
    }
    await expect(page.locator('#requested').innerText()).resolves.toBe('kv')
    await expect(page.locator('#certified').innerText()).resolves.toBe('kv')
    await expect(page.locator('#usage').innerText()).resolves.toContain('No usage recorded')
    // The README's markdown: its heading, bold and list, as elements.
    await expect(page.locator('#readme h2 + h2').innerText()).resolves.toBe('Capacity enricher')
    await expect(page.locator('#readme strong').innerText()).resolves.toBe('capacity')
    await expect(page.locator('#readme li').count()).resolves.toBe(2)
    await page.screenshot({ path: join(screenshots, 'portal-package.png'), fullPage: true })

    await page.click('#versions a:text-is("1.0.0")')
    await page.waitForURL(/version=1\.0\.0/)
    await expect(page.locator('h1').innerText()).resolves.toBe('@acme/capacity-enricher 1.0.0 certified')
    await expect(page.locator('#requested').innerText()).resolves.toBe('none')
    expect(foreign).toEqual([])
    await page.close()
  })

  it('shows a rejected adapter with its failed check drawn in the fail colour', async () => {
    const { page } = await open('/-/portal/packages/@umbra/clock-stamped-enricher')
    await expect(page.locator('#verdict').innerText()).resolves.toBe('fail')
    const determinism = page.locator('tr.check[data-check="determinism"]')
    await expect(determinism.locator('td.status').innerText()).resolves.toBe('fail')
    await expect(determinism.locator('li').first().innerText()).resolves.toContain('differ')
    await expect(determinism.locator('td.status span').evaluate((span) => getComputedStyle(span).backgroundColor)).resolves.toBe('rgb(179, 38, 30)')
    await expect(page.locator('#certified').innerText()).resolves.toBe('not certified')
    await page.screenshot({ path: join(screenshots, 'portal-package-rejected.png'), fullPage: true })
    await page.close()
  })

  it("shows a publisher's packages, reached from a package page", async () => {
    const { page } = await open('/-/portal/packages/@acme/capacity-enricher')
    await page.click('#publisher')
    await page.waitForURL(/\/-\/portal\/publishers\/acme$/)
    await expect(page.locator('h1').innerText()).resolves.toBe('Publisher acme')
    await expect(resultNames(page)).resolves.toEqual(['@acme/capacity-enricher', '@acme/enricher-notes'])
    await expect(page.locator('#summary').innerText()).resolves.toBe('2 packages under @acme/, 1 certified')
    await page.screenshot({ path: join(screenshots, 'portal-publisher.png'), fullPage: true })
    await page.close()
  })

  it('shows a hostile description and README as text: no script runs, no element is injected', async () => {
    for (const path of ['/-/portal?q=hostile', '/-/portal/packages/@evil/hostile-package', '/-/portal/publishers/evil']) {
      const { page, foreign, errors } = await open(path)
      await expect(page.evaluate(() => ({ pwned: (window as { __pwned?: number }).__pwned, scripts: document.scripts.length, images: document.images.length, svgs: document.querySelectorAll('svg').length })))
        .resolves.toEqual({ pwned: undefined, scripts: 0, images: 0, svgs: 0 })
      await expect(page.locator('.description').first().innerText()).resolves.toBe('Totally safe <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">')
      expect(foreign).toEqual([])
      expect(errors).toEqual([])
      if (path.includes('/packages/')) {
        await expect(page.locator('#readme').innerText()).resolves.toContain('<script>window.__pwned = 3</script>')
        await expect(page.locator('#readme a').evaluateAll((links) => links.map((link) => link.getAttribute('href')))).resolves.toEqual(['https://example.com/docs?a=1&b="2"'])
        await expect(page.locator('#readme pre code').innerText()).resolves.toBe('</code></pre><script>window.__pwned = 5</script>')
      }
      await page.close()
    }
  })
})
