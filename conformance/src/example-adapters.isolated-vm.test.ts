import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { runConformance } from './run-conformance.js'

// The third-party-style adapters shipped in adapters/, as committed, through the whole harness;
// gcp-status-feed fetches its feed, answered offline from its recorded traffic.
const adapters = ['keyword-enricher', 'spot-rules-validator', 'volatility-forecaster', 'gcp-status-feed']

describe('the example adapters in adapters/', () => {
  it.each(adapters)('%s passes every check', async (name) => {
    const report = await runConformance(fileURLToPath(new URL(`../../adapters/${name}`, import.meta.url)))
    const failed = report.checks.filter((check) => check.status !== 'pass').map((check) => `${check.id} ${check.status}: ${check.evidence.join(' / ')}`)
    expect(failed).toEqual([])
    expect(report.verdict).toBe('pass')
  })
})
