import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import type { UsageV1 } from '@aether/plugin-sandbox-host'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry, type RunningRegistry, type Statement } from '../../src/index.js'
import { published } from '../publishers.js'
import { aliceNovemberCsv, meteredUsage, novemberCalls } from '../usage-rows.js'

// Usage import and revenue-share statements on the real service (PGlite underneath), with
// usage.v1 records made by the sandbox host's own meter and amounts worked out by hand.
let root: string
let running: RunningRegistry
let usageToken: string
let rows: UsageV1[]
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-registry-usage-'))
  running = await startRegistry({
    dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), hasWorker: false,
    revenueShare: { publisherShare: '0.70', pricePer1000Records: '0.50', currency: 'EUR' },
  })
  await published(running, 'alice', '@alice/geo', '1.0.0', 'geo')
  await published(running, 'alice', '@alice/geo', '1.1.0', 'geo')
  await published(running, 'bob', '@bob/news', '1.0.0', 'news')
  usageToken = await running.registry.tokens.create('collector-eu', 'usage')
  rows = await meteredUsage(novemberCalls)
})
afterAll(async () => {
  await running?.stop()
  await rm(root, { recursive: true, force: true })
})

const postUsage = (records: unknown[], token = usageToken) => fetch(`${running.url}/-/aether/usage`, {
  method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ records }),
})
const getStatement = async (token: string, month: string, query = '') => fetch(`${running.url}/-/aether/statements/${month}${query}`, { headers: { authorization: `Bearer ${token}` } })

describe('usage import', () => {
  it('stores usage.v1 records once per id, and names the adapters no package holds', async () => {
    expect(rows).toHaveLength(10)
    const first = await postUsage(rows)
    expect(first.status).toBe(200)
    expect(await first.json()).toEqual({ received: 10, inserted: 10, duplicates: 0, unknownAdapters: ['mystery'] })
    // The same export sent again (a retried import) adds nothing.
    const again = await postUsage(rows.slice(0, 4))
    expect(await again.json()).toEqual({ received: 4, inserted: 0, duplicates: 4, unknownAdapters: [] })
    const { rows: stored } = await running.registry.storage.executor.query<{ n: number; reporter: string }>('SELECT count(*)::int AS n, min(reporter) AS reporter FROM registry_usage')
    expect(stored[0]).toEqual({ n: 10, reporter: 'collector-eu' })
  })

  it('refuses a row that is not a usage.v1 record, naming it, and stores none of the request', async () => {
    const bad = { ...rows[0], id: 'another-id', recordsOut: -1 }
    const response = await postUsage([{ ...rows[1], id: 'fresh-id' }, bad])
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'AETHER_E_REGISTRY_USAGE_INVALID', error: expect.stringContaining('row 1 is not a usage.v1 record (/recordsOut: ') })
    const { rows: stored } = await running.registry.storage.executor.query('SELECT 1 FROM registry_usage WHERE id = $1', ['fresh-id'])
    expect(stored).toHaveLength(0)
  })

  it('takes usage only from usage and admin tokens', async () => {
    const refused = await postUsage(rows, await running.registry.tokens.create('alice'))
    expect(refused.status).toBe(403)
    expect((await refused.json() as { error: string }).error).toContain('has the publish scope, and importing usage needs the usage scope')
    expect((await postUsage(rows.slice(0, 1), await running.registry.tokens.create('operator', 'admin'))).status).toBe(200)
    expect((await postUsage(rows, 'Bearer nonsense')).status).toBe(401)
  })
})

describe('a package\'s daily usage', () => {
  beforeAll(async () => { expect((await postUsage(rows)).status).toBe(200) })

  it('sums the days of its published versions over tenants, which it counts but does not name', async () => {
    const response = await fetch(`${running.url}/-/aether/usage/${encodeURIComponent('@alice/geo')}?from=2026-11-01&to=2026-11-30`)
    expect(await response.json()).toEqual({
      package: '@alice/geo', from: '2026-11-01', to: '2026-11-30', days: [
        { day: '2026-11-03', version: '1.0.0', tenants: 1, calls: 2, recordsIn: 12_400, recordsOut: 12_345, cpuMs: 15.75 },
        { day: '2026-11-04', version: '1.0.0', tenants: 1, calls: 1, recordsIn: 5, recordsOut: 0, cpuMs: 1 },
        { day: '2026-11-20', version: '1.1.0', tenants: 1, calls: 1, recordsIn: 1_001, recordsOut: 1_001, cpuMs: 2 },
        { day: '2026-11-30', version: '1.0.0', tenants: 1, calls: 1, recordsIn: 10, recordsOut: 10, cpuMs: 0.5 },
      ],
    })
    expect((await fetch(`${running.url}/-/aether/usage/${encodeURIComponent('@alice/nothing')}`)).status).toBe(404)
    const tooLong = await fetch(`${running.url}/-/aether/usage/${encodeURIComponent('@alice/geo')}?from=2024-01-01&to=2026-11-30`)
    expect(tooLong.status).toBe(400)
  })

  it('shows on the package\'s detail (API and portal) as totals over every imported day, tenants counted', async () => {
    const daily = await (await fetch(`${running.url}/-/aether/usage/${encodeURIComponent('@alice/geo')}?from=2026-01-01&to=2026-12-31`)).json() as { days: Array<{ day: string; calls: number; recordsOut: number; cpuMs: number }> }
    const sum = (field: 'calls' | 'recordsOut' | 'cpuMs') => daily.days.reduce((total, day) => total + day[field], 0)
    const detail = await (await fetch(`${running.url}/-/aether/packages/${encodeURIComponent('@alice/geo')}`)).json() as { usage: unknown }
    expect(detail.usage).toEqual({
      isRecorded: true, calls: sum('calls'), records: sum('recordsOut'), cpuMs: sum('cpuMs'), tenants: 2,
      firstDay: daily.days[0]?.day, lastDay: daily.days.at(-1)?.day,
    })
    const page = await (await fetch(`${running.url}/-/portal/packages/${encodeURIComponent('@alice/geo')}`)).text()
    expect(page).toContain(`${sum('calls')} calls, ${sum('recordsOut')} records`)
    const unused = await (await fetch(`${running.url}/-/aether/packages/${encodeURIComponent('@bob/news')}`)).json() as { usage: unknown }
    expect(unused.usage).toMatchObject({ isRecorded: true })
  })
})

describe('the monthly revenue-share statement', () => {
  // Imported again here so these tests stand alone; rows already imported are skipped.
  beforeAll(async () => { expect((await postUsage(rows)).status).toBe(200) })

  it('sums the month\'s rows per package version and tenant, and prices records out', async () => {
    const response = await getStatement(await running.registry.tokens.create('alice'), '2026-11')
    expect(response.status).toBe(200)
    const statement = await response.json() as Statement
    expect(statement).toEqual({
      schema: 'aether.statement.v1', month: '2026-11', publisher: 'alice',
      terms: { publisherShare: '0.70', pricePer1000Records: '0.50', currency: 'EUR', billed: 'recordsOut' },
      lines: [
        { package: '@alice/geo', adapter: 'geo', version: '1.0.0', tenant: 'acme', days: 2, calls: 3, recordsIn: 12_405, recordsOut: 12_345, cpuMs: 16.75, gross: '6.17', publisherShare: '4.32', operatorShare: '1.85' },
        { package: '@alice/geo', adapter: 'geo', version: '1.0.0', tenant: 'globex', days: 1, calls: 1, recordsIn: 10, recordsOut: 10, cpuMs: 0.5, gross: '0.01', publisherShare: '0.00', operatorShare: '0.01' },
        { package: '@alice/geo', adapter: 'geo', version: '1.1.0', tenant: 'acme', days: 1, calls: 1, recordsIn: 1_001, recordsOut: 1_001, cpuMs: 2, gross: '0.50', publisherShare: '0.35', operatorShare: '0.15' },
      ],
      totals: { calls: 5, recordsIn: 13_416, recordsOut: 13_356, cpuMs: 19.25, gross: '6.68', publisherShare: '4.67', operatorShare: '2.01' },
    })
  })

  it('serves the same statement as CSV', async () => {
    const response = await getStatement(await running.registry.tokens.create('alice'), '2026-11', '?format=csv')
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(await response.text()).toBe(aliceNovemberCsv)
  })

  it('gives each publisher their own: bob\'s news, and an empty December for alice\'s other months', async () => {
    const bob = await (await getStatement(await running.registry.tokens.create('bob'), '2026-11')).json() as Statement
    expect(bob.lines).toMatchObject([{ package: '@bob/news', recordsOut: 3_000, gross: '1.50', publisherShare: '1.05', operatorShare: '0.45' }])
    const december = await (await getStatement(await running.registry.tokens.create('alice'), '2026-12')).json() as Statement
    expect(december.totals).toMatchObject({ recordsOut: 5_000, gross: '2.50', publisherShare: '1.75' })
    const september = await (await getStatement(await running.registry.tokens.create('alice'), '2026-09')).json() as Statement
    expect(september).toMatchObject({ lines: [], totals: { calls: 0, gross: '0.00', publisherShare: '0.00' } })
  })

  it('shows another publisher\'s statement only to an admin token, and refuses a month that is not YYYY-MM', async () => {
    const refused = await getStatement(await running.registry.tokens.create('bob'), '2026-11', '?publisher=alice')
    expect(refused.status).toBe(403)
    expect((await refused.json() as { error: string }).error).toContain('reading the statement of "alice" needs the admin scope')
    const admin = await getStatement(await running.registry.tokens.create('operator', 'admin'), '2026-11', '?publisher=alice&format=csv')
    expect(await admin.text()).toBe(aliceNovemberCsv)
    const badMonth = await getStatement(await running.registry.tokens.create('alice'), '2026-13')
    expect(badMonth.status).toBe(400)
    expect((await badMonth.json() as { error: string }).error).toBe('No statement: "2026-13" is not a month; use YYYY-MM, such as 2026-11.')
    expect((await getStatement(usageToken, '2026-11')).status).toBe(403)
  })
})
