import { describe, expect, it } from 'vitest'
import { adapterFolders } from '../test/adapter-folder.js'
import { runConformance } from './run-conformance.js'

// The harness's calls run with a frozen clock and a seeded Math.random: a legal adapter that
// stamps its outputs with Date.now() and a Math.random() tie-breaker passes every check with the
// freeze, and fails determinism (only) on the real clock.
const folders = adapterFolders()
const readsClock = { kind: 'enricher' as const, bundle: new URL('../test/clock/reads-clock-and-random.js', import.meta.url) }
const failed = (report: Awaited<ReturnType<typeof runConformance>>) => report.checks.filter((check) => check.status !== 'pass').map((check) => `${check.id} ${check.status}: ${check.evidence.join(' / ')}`)

describe('an adapter that reads Date.now and Math.random', () => {
  it('passes every check under the harness\'s frozen clock, its stamp the frozen instant', async () => {
    const report = await runConformance(await folders('reads-clock', readsClock))
    expect(failed(report)).toEqual([])
    expect(report.checks.find((check) => check.id === 'determinism')?.evidence.join(' ')).toMatch(/two runs of the golden batch gave the same \d+ bytes/)
  })

  it('fails determinism, and nothing else, on the real clock', async () => {
    const report = await runConformance(await folders('reads-clock-real', readsClock), { freezeClock: false })
    expect(report.checks.filter((check) => check.status === 'fail').map((check) => check.id)).toEqual(['determinism'])
  })
})
