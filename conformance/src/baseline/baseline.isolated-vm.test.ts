import { describe, expect, it } from 'vitest'
import { adapterFolders, goodAdapter } from '../../test/adapter-folder.js'
import { runConformance } from '../run-conformance.js'
import { renderMarkdown } from '../report/render-markdown.js'

const folders = adapterFolders()

describe('--baseline', () => {
  it('replays the recorded traffic through both versions and lists each change, with examples', async () => {
    const v1 = await folders('forecaster-v1', goodAdapter('forecaster'))
    const v2 = await folders('forecaster-v2', { kind: 'forecaster', bundle: new URL('../../test/adapters/forecaster-v2.js', import.meta.url), manifest: { version: '2.0.0' } })
    const report = await runConformance(v2, { baseline: v1 })
    expect(report.baseline).toMatchObject({ name: 'forecaster-v1', version: '1.0.0', sha512: expect.stringMatching(/^[0-9a-f]{128}$/) })
    const changes = report.baseline?.changes
    // 6 golden pools and 4 bad inputs; v2 refuses the pools with fewer than 6 samples.
    expect(changes?.inputs).toBe(10)
    expect(changes?.changedIds.count).toBe(0)
    expect(changes?.changedRouting.count).toBeGreaterThan(0)
    expect(changes?.changedRouting.examples[0]).toMatch(/^\d+: accepted → refused \(too few samples to forecast\)$/)
    expect(changes?.errorRate.candidate).toBeGreaterThan(changes?.errorRate.baseline ?? 1)
    const accepted = 6 - (changes?.changedRouting.count ?? 0)
    expect(changes?.addedFields).toMatchObject({ count: accepted, examples: expect.arrayContaining([expect.stringMatching(/^\d+: features\.spread = /)]) })
    expect(changes?.changedValues.examples).toContain(`${changes?.changedValues.examples[0]?.split(':')[0]}: model "test-forecaster@1" → "test-forecaster@2"`)
    expect(changes?.removedFields.count).toBe(0)
    expect(renderMarkdown(report)).toContain('## Against forecaster-v1 1.0.0')
  })

  it('refuses a baseline of another kind', async () => {
    const enricher = await folders('baseline-enricher', goodAdapter('enricher'))
    const policy = await folders('baseline-policy', goodAdapter('policy'))
    await expect(runConformance(policy, { baseline: enricher })).rejects.toMatchObject({
      code: 'AETHER_E_CONFORMANCE_BASELINE_MISMATCH', message: 'The baseline cannot be compared: the baseline is an enricher and this adapter a policy. Pass an earlier version of the same adapter as --baseline.',
    })
  })
})
