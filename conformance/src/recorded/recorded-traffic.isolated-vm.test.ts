import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, describe, expect, it } from 'vitest'
import { runConformance } from '../run-conformance.js'

// gcp-status-feed with part of its recorded traffic taken away: its first fetch (no ETag yet) is
// answered by no exchange, and the capabilities check says which request that was.
const scratch = await mkdtemp(join(tmpdir(), 'aether-recorded-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

describe('a fetch outside the recorded traffic', () => {
  it('fails the capabilities check, naming the request', async () => {
    const folder = join(scratch, 'gcp-status-feed')
    await cp(fileURLToPath(new URL('../../../adapters/gcp-status-feed', import.meta.url)), folder, { recursive: true, filter: (path) => !path.includes('node_modules') })
    const file = join(folder, 'conformance/recorded-fetch.json')
    const recorded = JSON.parse(await readFile(file, 'utf8')) as { exchanges: Array<{ request: { headers?: object } }> }
    await writeFile(file, JSON.stringify({ ...recorded, exchanges: recorded.exchanges.filter((exchange) => exchange.request.headers !== undefined) }))

    const report = await runConformance(folder)
    const capabilities = report.checks.find((check) => check.id === 'capabilities')
    expect(capabilities?.status).toBe('fail')
    expect(capabilities?.evidence[0]).toMatch(/^\d+ fetch\(es\) of a declared host that no exchange of the adapter's recorded fetch traffic \(conformance\/recorded-fetch\.json\) answers; the harness runs offline$/)
    expect(capabilities?.evidence[1]).toBe('GET https://status.cloud.google.com/incidents.json')
    // The adapter saw a failed fetch, as it would a network error: its polls failed.
    expect(report.checks.find((check) => check.id === 'contract.golden')?.evidence.join(' ')).toContain('no exchange of conformance/recorded-fetch.json answers GET https://status.cloud.google.com/incidents.json')
  })
})
