import { fileURLToPath } from 'node:url'
import { createKernelFromConfig, loadConfig, runPipeline } from '@aether/core'
import { storagePoint } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'

const pipelineFile = fileURLToPath(new URL('pipeline.sandboxed.json', import.meta.url))
const everything = { tenant: 'demo', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }

// The GCP incident history (every signal) and one spot trace keep the run short; the file itself
// replays the same signals with more telemetry. PGlite in memory spares the on-disk setup.
const inputs = [
  { format: 'gcp-incidents', path: 'data/gcp-incidents-2023-04-to-12.json' },
  { format: 'spot-trace', path: 'data/spot-traces/us-central1-a_c3-88.json', start: '2023-04-30T00:00:00Z', region: 'us-central1', zone: 'us-central1-a', pool: 'c3-highcpu-88' },
]

describe('pipeline.sandboxed.json on the embedded default', () => {
  it('stores one enrichment per signal, each computed by the keyword-enricher adapter in the sandbox', async () => {
    const loaded = await loadConfig({
      file: pipelineFile,
      flags: ['plugins.0.config.dataDir=memory://', `plugins.1.config.replays.0.inputs=${JSON.stringify(inputs)}`, 'log.level=silent'],
    })
    const kernel = await createKernelFromConfig(loaded)
    try {
      await kernel.start()
      const summary = await runPipeline(kernel)
      expect(summary.counts.failedItems).toBe(0)
      expect(summary.counts.decisions).toBeGreaterThan(0)

      const storage = kernel.resolve(storagePoint)
      // The same rules policy as pipeline.json decides: one decision.v2 per workload.
      expect(await storage.queryWindow({ ...everything, contract: 'decision.v2' })).toHaveLength(summary.counts.decisions)
      const signals = await storage.queryWindow({ ...everything, contract: 'signal.v1' })
      const enrichments = await storage.queryWindow({ ...everything, contract: 'enrichment.v1' })
      expect(signals.length).toBeGreaterThan(1_000)
      expect(enrichments.map((record) => record.signalId).sort()).toEqual(signals.map((record) => record.id).sort())
      expect(new Set(enrichments.map((record) => record.model))).toEqual(new Set(['keyword-enricher@1']))
      // The lexicon finds capacity words (compute, instances, nodepool, ...) in some posts, not all.
      const pressed = enrichments.filter((record) => (record.bCapacity as number) > 0).length
      expect(pressed).toBeGreaterThan(0)
      expect(pressed).toBeLessThan(enrichments.length)
    } finally {
      await kernel.stop()
    }
  }, 60_000)
})
