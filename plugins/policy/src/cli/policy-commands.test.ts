import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { runAether, temporaryDirectories } from '@aether/core/testing'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { forecastOf } from '../../test/forecast-of.js'

const temporaryDirectory = temporaryDirectories()
describe('aether policy dry-run', () => {
  it('prints, as JSON, the decisions candidate rules would change among the stored forecasts', async () => {
    const dir = await temporaryDirectory('aether-dry-run-')
    const storage = await openPgliteStorage(join(dir, 'pglite'))
    await storage.store.writeBatch('demo', [0.3, 0.55, 0.95].map((p, hour) =>
      forecastOf(p, { pool: `pool-${hour}`, timestamp: `2023-04-30T0${hour}:00:00.000Z` })) as never)
    await storage.close()
    await writeFile(join(dir, 'pipeline.json'), JSON.stringify({
      tenant: 'demo',
      plugins: [{ use: '@aether/plugin-storage-pglite', config: { dataDir: 'pglite' } }, { use: '@aether/plugin-policy' }],
      pipeline: { policy: 'threshold' },
    }))
    await writeFile(join(dir, 'candidate.json'), JSON.stringify({
      version: 1, rules: [{ id: 'us-east1-never-drains', when: { region: ['us-east1'] }, then: { maxAction: 'migrate' } }],
    }))

    const { code, stdout, stderr } = await runAether(['policy', 'dry-run', 'candidate.json', '--json'], dir)
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' })
    const report = JSON.parse(stdout) as { forecasts: number; changed: number; transitions: object; changes: Array<{ explanation: string }> }
    expect([report.forecasts, report.changed, report.transitions]).toEqual([3, 1, { 'drain→migrate': 1 }])
    expect(report.changes[0]?.explanation).toContain('rules fired: us-east1-never-drains')
  }, 120_000)
})
