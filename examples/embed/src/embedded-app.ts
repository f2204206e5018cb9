import { fileURLToPath } from 'node:url'
import { createKernel, runPipeline, storagePoint, type AetherRecord, type RunSummary } from '@aether/core'
import { plugin as forecaster } from '@aether/plugin-forecaster'
import { plugin as sources } from '@aether/plugin-sources'
import { plugin as storage } from '@aether/plugin-storage-pglite'
import { plugin as validator } from '@aether/plugin-validator'
import { pagerPolicyPlugin } from './pager-policy.js'

const spotRiskData = fileURLToPath(new URL('../../spot-risk/data/', import.meta.url))

/** What the embedding application gets back. */
export interface EmbeddedRun {
  summary: RunSummary
  decisions: AetherRecord[]
  pages: number
}

/**
 * An application that embeds Aether: it starts a kernel with first-party plugins and one of its
 * own, replays a measured spot trace through the pipeline, reads the decisions back and stops.
 */
export async function runEmbeddedApp(dataDir: string): Promise<EmbeddedRun> {
  const pager = pagerPolicyPlugin(0.5)
  const kernel = createKernel({
    config: {
      tenant: 'acme',
      log: { level: 'warn' },
      pipeline: { sources: ['trace'], validator: 'contract', forecaster: 'heuristic-baseline', policy: 'pager' },
    },
    baseDir: spotRiskData,
    plugins: [
      { plugin: storage, config: { dataDir } },
      {
        plugin: sources,
        config: {
          replays: [{
            name: 'trace',
            inputs: [{ format: 'spot-trace', path: 'spot-traces/us-east1-b_c3-88.json', start: '2023-04-30T00:00:00Z', region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88' }],
          }],
        },
      },
      validator,
      forecaster,
      pager.plugin,
    ],
  })
  await kernel.start()
  try {
    const summary = await runPipeline(kernel)
    const decisions = await kernel.resolve(storagePoint).queryWindow({
      tenant: 'acme', contract: 'decision.v1', from: '2023-04-30T00:00:00Z', to: '2023-05-03T00:00:00Z',
    })
    return { summary, decisions, pages: pager.policy.pages.length }
  } finally {
    await kernel.stop()
  }
}
