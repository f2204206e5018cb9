import { fileURLToPath } from 'node:url'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { describe, expect, it } from 'vitest'
import { runAether } from './run-cli.js'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

const exampleDir = fileURLToPath(new URL('.', import.meta.url))

describe('the spot-risk pipeline, run by the aether CLI on the embedded default', () => {
  it('stores valid, invalid, enriched, forecast and decision records, and a replay adds no rows', async () => {
    const dataDir = await temporaryDirectory('aether-spot-risk-')
    const args = ['run', 'pipeline.json', '--json', '--no-progress', '--log-level', 'warn', '--set', `plugins.0.config.dataDir=${dataDir}`]

    const first = await runAether(args, exampleDir)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const summary = JSON.parse(first.stdout)
    expect(summary.counts.recordsIn).toBe(79_322)
    expect(summary.counts.invalid).toBeGreaterThanOrEqual(34)
    expect(summary.counts.valid + summary.counts.invalid).toBe(summary.counts.recordsIn)
    expect(summary.counts.forecasts).toBeGreaterThan(0)
    expect(summary.counts.decisions).toBe(summary.counts.forecasts)
    expect(summary.counts.duplicates).toBe(0)

    const second = JSON.parse((await runAether(args, exampleDir)).stdout)
    expect(second.counts.stored).toBe(0)
    expect(second.counts.duplicates).toBe(summary.counts.stored)

    const storage = await openPgliteStorage(dataDir)
    try {
      const counts = await storage.store.countByContract('demo')
      expect(counts['signal.v1']! + counts['telemetry.v1']!).toBe(summary.counts.valid)
      expect(counts['invalid.v1']).toBe(summary.counts.invalid)
      expect(counts['enrichment.v1']).toBe(summary.counts.enrichments)
      expect(counts['forecast.v1']).toBe(summary.counts.forecasts)
      expect(counts['decision.v1']).toBe(summary.counts.decisions)

      const [invalid] = await storage.store.queryWindow({ tenant: 'demo', contract: 'invalid.v1', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 1 })
      expect(invalid).toMatchObject({ stage: 'validator:contract', reason: 'does not match telemetry.v1: /value Expected number' })
      expect(invalid?.original).toMatchObject({ source: 'gcp-pricing', value: null })

      const [decision] = await storage.store.queryWindow({ tenant: 'demo', contract: 'decision.v1', from: '2023-04-30T00:00:00Z', to: '2023-05-03T00:00:00Z', limit: 1 })
      expect(decision?.explanation).toMatch(/^(hold|migrate|drain): P\(preemption within 60 min\)/)
    } finally {
      await storage.close()
    }
  }, 120_000)
})
