import { readFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { createKernel, createLogger, runPipeline } from '@aether/core'
import {
  type AetherPlugin, type DraftRecord, type PolicyEngine, policyEnginePoint, type SignalSource, sourcePoint, storagePoint,
} from '@aether/plugin-api'
import { plugin as forecaster } from '@aether/plugin-forecaster'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { plugin as validator } from '@aether/plugin-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plugin as sandboxHost } from '../../src/plugin.js'
import { adapterInstaller } from '../install-adapter.js'

const install = adapterInstaller()
const logger = createLogger({ level: 'silent' })
const window = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }
// One in-memory store for the file (opening PGlite is the slow part); each run has its own tenant.
let storage: Awaited<ReturnType<typeof openPgliteStorage>>
beforeAll(async () => { storage = await openPgliteStorage('memory://') })
afterAll(() => storage.close())

const incidents: DraftRecord[] = [1, 2, 3].map((index) => ({
  contract: 'signal.v1', source: 'test', sourceEventId: `incident/${index}`, timestamp: `2023-04-30T00:0${index}:00.000Z`,
  region: 'us-east1', severity: 'high', summary: index === 2 ? 'all systems normal' : 'Compute Engine capacity shortage',
}))
const listSource: AetherPlugin = {
  manifest: { name: 'list-source', version: '1.0.0', engine: '*', provides: [sourcePoint.id] },
  register: (c) => c.provide(sourcePoint, { name: 'list', async *read() { yield incidents } } satisfies SignalSource),
}
const hold: PolicyEngine = { name: 'hold', decideBatch: async (fs) => fs.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'hold@1', explanation: 'hold' } })) }
const holdPolicy: AetherPlugin = {
  manifest: { name: 'hold-policy', version: '1.0.0', engine: '*', provides: [policyEnginePoint.id] },
  register: (c) => c.provide(policyEnginePoint, hold),
}

async function runWithAdapter(bundle: string, tenant: string) {
  const folder = await install(bundle)
  const storagePlugin: AetherPlugin = {
    manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] },
    register: (c) => c.provide(storagePoint, storage.store),
  }
  // The adapter path is relative, as in a pipeline file: resolved from the kernel's baseDir.
  const kernel = createKernel({
    logger, baseDir: dirname(folder),
    config: { tenant, pipeline: { sources: ['list'], enricher: bundle, forecaster: 'heuristic-baseline', policy: 'hold' } },
    plugins: [storagePlugin, validator, forecaster, holdPolicy, listSource, { plugin: sandboxHost, config: { adapters: [{ path: folder.slice(dirname(folder).length + 1) }], poolSize: 1 } }],
  })
  try {
    await kernel.start()
    const summary = await runPipeline(kernel)
    await kernel.stop()
    return {
      summary,
      enrichments: await storage.store.queryWindow({ ...window, tenant, contract: 'enrichment.v1' }),
      invalid: await storage.store.queryWindow({ ...window, tenant, contract: 'invalid.v1' }),
    }
  } finally {
    await kernel.stop()
  }
}

describe('the embedded pipeline with a sandboxed enricher', () => {
  it('stores the enrichments the adapter computed, one per signal', async () => {
    const { enrichments, invalid } = await runWithAdapter('well-behaved', 'lab')
    expect(invalid).toEqual([])
    expect(enrichments).toHaveLength(3)
    expect(enrichments.map((record) => record.bCapacity).sort()).toEqual([0, 0.7, 0.7])
    expect(enrichments.every((record) => record.model === 'well-behaved@1')).toBe(true)
    expect(readFileSync('/proc/self/maps', 'utf8')).not.toContain('isolated_vm')
  })

  it('keeps every signal of a batch the adapter failed as invalid, with the code, losing none', async () => {
    const { enrichments, invalid } = await runWithAdapter('count-mismatch', 'acme')
    expect(enrichments).toEqual([])
    expect(invalid).toHaveLength(3)
    for (const record of invalid) expect(record.reason).toMatch(/^enricher:count-mismatch failed: AETHER_E_SANDBOX_CONTRACT_VIOLATION: /)
  })
})
