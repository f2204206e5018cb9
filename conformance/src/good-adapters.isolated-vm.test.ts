import { describe, expect, it } from 'vitest'
import { adapterFolders, goodAdapter } from '../test/adapter-folder.js'
import { runConformance } from './run-conformance.js'

const folders = adapterFolders()

describe('a well-behaved adapter of each kind', () => {
  for (const kind of ['enricher', 'validator', 'forecaster', 'policy', 'source'] as const) {
    it(`passes every check: ${kind}`, async () => {
      const report = await runConformance(await folders(`good-${kind}`, goodAdapter(kind)))
      const failed = report.checks.filter((check) => check.status !== 'pass').map((check) => `${check.id} ${check.status}: ${check.evidence.join(' / ')}`)
      expect(failed).toEqual([])
      expect(report.verdict).toBe('pass')
    })
  }
})
