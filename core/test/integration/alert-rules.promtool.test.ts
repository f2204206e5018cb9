import { spawnSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { createStageMetrics } from '../../src/metrics.js'

// The Prometheus rules shipped in deploy/prometheus, checked with Prometheus's own promtool
// (Debian's `prometheus` package; `npm test` installs it when it runs as root, see scripts/test-setup.mjs).
const rulesDir = fileURLToPath(new URL('../../../deploy/prometheus/', import.meta.url))

function promtool(...args: string[]): { status: number | null; output: string } {
  const run = spawnSync('promtool', args, { cwd: rulesDir, encoding: 'utf8' })
  if (run.error !== undefined) throw new Error(`promtool is needed for this test (apt-get install prometheus): ${run.error.message}`)
  return { status: run.status, output: `${run.stdout}${run.stderr}` }
}

describe('Prometheus rules (deploy/prometheus/aether-rules.yml) with promtool', () => {
  it('are valid rules', () => {
    const check = promtool('check', 'rules', 'aether-rules.yml')
    expect(check.output).toContain('SUCCESS')
    expect(check.status).toBe(0)
  })

  it('fire, and stay quiet, as their unit tests expect', () => {
    const test = promtool('test', 'rules', 'aether-rules.test.yml')
    expect(test.output).toContain('SUCCESS')
    expect(test.status).toBe(0)
  })

  it('name only metrics that Aether serves', async () => {
    const rules = readFileSync(`${rulesDir}/aether-rules.yml`, 'utf8')
    const named = new Set([...rules.matchAll(/\baether_[a-z_]+/g)].map(([name]) => name.replace(/_(bucket|count|sum)$/, '')))
    const served = new Set((await createStageMetrics().registry.getMetricsAsJSON()).map((metric) => metric.name))
    expect([...named].filter((name) => !served.has(name))).toEqual([])
    expect(named.size).toBeGreaterThan(5)
  })
})
