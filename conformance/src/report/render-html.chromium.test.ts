import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { chromium, type Browser } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { adapterFolders } from '../../test/adapter-folder.js'
import { brokenAdapters } from '../../test/broken/broken-adapters.js'
import { runConformance } from '../run-conformance.js'
import { renderHtml } from './render-html.js'

// The HTML report in a real browser: Debian's chromium (scripts/test-setup.mjs installs it),
// driven by playwright-core, offline. AETHER_WRITE_SCREENSHOT=1 also writes the screenshot in docs/.
const chromiumBin = process.env.CHROMIUM_BIN ?? '/usr/bin/chromium'
const folders = adapterFolders()
const scratch = await mkdtemp(join(tmpdir(), 'aether-conformance-html-'))
let browser: Browser
beforeAll(async () => {
  browser = await chromium.launch({ executablePath: chromiumBin, args: ['--no-sandbox'] })
})
afterAll(async () => {
  await browser.close()
  await rm(scratch, { recursive: true, force: true })
})

describe('the HTML report in Chromium', () => {
  it('shows the verdict and each check with its status and evidence, fetching nothing', async () => {
    const report = await runConformance(await folders('html-report-enricher', brokenAdapters['bad-input'] as Parameters<typeof folders>[1]))
    const file = join(scratch, 'report.html')
    await writeFile(file, renderHtml(report))
    const page = await browser.newPage({ viewport: { width: 1200, height: 900 } })
    const requests: string[] = []
    page.on('request', (request) => { if (!request.url().startsWith('file:')) requests.push(request.url()) })
    await page.goto(pathToFileURL(file).href)

    await expect(page.locator('h1').innerText()).resolves.toBe('Conformance: html-report-enricher 1.0.0 fail')
    const rows = page.locator('tbody tr')
    await expect(rows.count()).resolves.toBe(report.checks.length)
    for (const check of report.checks) {
      const row = page.locator(`tr[id="${check.id}"]`)
      await expect(row.locator('td.status').innerText()).resolves.toBe(check.status)
      await expect(row.locator('li').first().innerText()).resolves.toBe(check.evidence[0])
      await expect(row.isVisible()).resolves.toBe(true)
    }
    // The failed check stands out: its status is drawn in the fail colour.
    const failColour = await page.locator('tr[id="bad-input"] td.status span').evaluate((span) => getComputedStyle(span).backgroundColor)
    expect(failColour).toBe('rgb(179, 38, 30)')
    expect(requests).toEqual([])
    if (process.env.AETHER_WRITE_SCREENSHOT === '1') await page.screenshot({ path: new URL('../../../docs/images/conformance-report.png', import.meta.url).pathname, fullPage: true })
    await page.close()
  })
})
