import { plugin as forecaster } from '@aether/plugin-forecaster'
import { openPgliteStorage, type PgliteStorage } from '@aether/plugin-storage-pglite'
import { plugin as validator } from '@aether/plugin-validator'
import { describe, expect, it } from 'vitest'
import type { Bus } from '../src/bus/bus.js'
import { recordId } from '../src/contracts/record-id.js'
import type { DraftRecord } from '../src/contracts/record.js'
import type { Enricher } from '../src/extension-points/enricher.js'
import type { PolicyEngine } from '../src/extension-points/policy-engine.js'
import type { SignalSource } from '../src/extension-points/signal-source.js'
import { busPoint, enricherPoint, policyEnginePoint, sourcePoint, storagePoint } from '../src/extension-points/points.js'
import { createKernel } from '../src/kernel/create-kernel.js'
import { createLogger } from '../src/logger.js'
import { runPipeline } from '../src/pipeline/run-pipeline.js'
import { pipelineConsumers } from '../src/pipeline/topology.js'
import type { AetherPlugin } from '../src/plugins/plugin.js'

const logger = createLogger({ level: 'silent' })

/** A source of a few telemetry samples, one of them malformed, as a plugin of the test's own. */
function listSource(drafts: DraftRecord[]): AetherPlugin {
  const source: SignalSource = { name: 'list', async *read() { yield drafts } }
  return { manifest: { name: 'list-source', version: '1.0.0', engine: '*', provides: [sourcePoint.id] }, register: (c) => c.provide(sourcePoint, source) }
}

function policyPlugin(policy: PolicyEngine): AetherPlugin {
  return { manifest: { name: 'test-policy', version: '1.0.0', engine: '*', provides: [policyEnginePoint.id] }, register: (c) => c.provide(policyEnginePoint, policy) }
}

function sample(minute: number, value: unknown): DraftRecord {
  return {
    contract: 'telemetry.v1', source: 'test', sourceEventId: `c3/${minute}`, timestamp: new Date(Date.UTC(2023, 3, 30, 0, minute)).toISOString(),
    region: 'us-east1', pool: 'c3', metric: 'spot_available', value,
  }
}

function busPlugin(bus: Bus): AetherPlugin {
  return { manifest: { name: 'test-bus', version: '1.0.0', engine: '*', provides: [busPoint.id] }, register: (c) => c.provide(busPoint, bus) }
}

function enricherPlugin(enricher: Enricher): AetherPlugin {
  return { manifest: { name: 'test-enricher', version: '1.0.0', engine: '*', provides: [enricherPoint.id] }, register: (c) => c.provide(enricherPoint, enricher) }
}

const incident: DraftRecord = {
  contract: 'signal.v1', source: 'test', sourceEventId: 'incident/1', timestamp: new Date(Date.UTC(2023, 3, 30, 0, 0)).toISOString(),
  region: 'us-east1', severity: 'high', summary: 'Compute Engine capacity shortage',
}

/** Runs the pipeline once; on fresh in-memory storage unless given one to keep across runs. */
async function runWith(policy: PolicyEngine, createBus: () => Promise<Bus | undefined>, options: { enricher?: Enricher; storage?: PgliteStorage } = {}) {
  const { enricher } = options
  const bus = await createBus()
  const storage = options.storage ?? await openPgliteStorage('memory://')
  const storagePlugin: AetherPlugin = {
    manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] },
    register: (c) => c.provide(storagePoint, storage.store),
  }
  const kernel = createKernel({
    logger,
    config: {
      tenant: 'lab', bus: { maxDeliver: 2 },
      pipeline: { sources: ['list'], enricher: enricher?.name, forecaster: 'heuristic-baseline', policy: policy.name, forecast: { cadenceMinutes: 1 } },
    },
    plugins: [
      storagePlugin, validator, forecaster, policyPlugin(policy),
      listSource([sample(0, 1), sample(1, 'one'), sample(2, 0), ...(enricher === undefined ? [] : [incident])]),
      ...(bus === undefined ? [] : [busPlugin(bus)]),
      ...(enricher === undefined ? [] : [enricherPlugin(enricher)]),
    ],
  })
  await kernel.start()
  const summary = await runPipeline(kernel)
  const consumers = (await kernel.bus.backlog()).map(({ subject, durable }) => ({ subject, durable }))
  const declared = pipelineConsumers(kernel.config).map(({ subject, durable }) => ({ subject, durable }))
  const metrics = await kernel.metrics.registry.metrics()
  await kernel.stop()
  const counts = await storage.store.countByContract('lab')
  const invalid = await storage.store.queryWindow({ tenant: 'lab', contract: 'invalid.v1', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })
  if (options.storage === undefined) await storage.close()
  return { summary, counts, invalid, consumers, declared, metrics }
}

/**
 * The embedded pipeline end to end on PGlite, as one suite: run it with a factory for the bus
 * under test (undefined: the kernel's in-process bus).
 */
export function describePipeline(name: string, createBus: () => Promise<Bus | undefined>): void {

  describe(`runPipeline on ${name} and PGlite`, () => {
    it('routes a malformed sample to invalid with its reason and forecasts from the rest', async () => {
      const hold: PolicyEngine = { name: 'hold', decideBatch: async (fs) => fs.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'hold@1', explanation: 'hold' } })) }
      const { summary, counts, invalid } = await runWith(hold, createBus)
      expect(summary.counts).toMatchObject({ recordsIn: 3, valid: 2, invalid: 1, forecasts: 2, decisions: 2 })
      expect(counts).toEqual({ 'telemetry.v1': 2, 'invalid.v1': 1, 'forecast.v1': 2, 'decision.v1': 2 })
      expect(invalid[0]).toMatchObject({ reason: 'does not match telemetry.v1: /value Expected number', original: { value: 'one', id: recordId(sample(1, 'one')) } })
    })

    it('counts stored rows and, on a replay, the already stored ones it skipped, in its metrics', async () => {
      const hold: PolicyEngine = { name: 'hold', decideBatch: async (fs) => fs.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'hold@1', explanation: 'hold' } })) }
      const storage = await openPgliteStorage('memory://')
      try {
        const first = await runWith(hold, createBus, { storage })
        expect(first.metrics).toContain('aether_storage_rows_stored_total{tenant="lab"} 7')
        expect(first.metrics).toMatch(/aether_storage_write_seconds_count [1-9]/)
        const replay = await runWith(hold, createBus, { storage })
        expect(replay.summary.counts).toMatchObject({ stored: 0, duplicates: 7 })
        expect(replay.metrics).toContain('aether_storage_rows_already_stored_total{tenant="lab"} 7')
        expect(replay.metrics).toContain('aether_storage_write_failures_total 0')
      } finally {
        await storage.close()
      }
    })

    it('runs exactly the durable consumers the pipeline topology declares', async () => {
      const hold: PolicyEngine = { name: 'hold', decideBatch: async (fs) => fs.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'hold@1', explanation: 'hold' } })) }
      const { consumers, declared } = await runWith(hold, createBus)
      expect(consumers).toEqual(expect.arrayContaining(declared))
      expect(consumers.length).toBe(declared.length)
    })

    it('keeps an item a stage fails on as invalid, naming the stage and the error', async () => {
      const picky: PolicyEngine = { name: 'picky', decideBatch: async (fs) => fs.map(() => ({ isOk: false, error: 'no rule for this pool' })) }
      const { counts, invalid } = await runWith(picky, createBus)
      expect(counts['decision.v1']).toBeUndefined()
      expect(invalid.filter((r) => r.stage === 'policy:picky').map((r) => r.reason)).toEqual([
        'policy:picky failed: no rule for this pool', 'policy:picky failed: no rule for this pool',
      ])
    })

    it('dead-letters a batch that fails every delivery and stores it as invalid, so nothing is lost', async () => {
      const broken: PolicyEngine = { name: 'broken', decideBatch: async () => { throw new Error('rule engine crashed') } }
      const { counts, invalid } = await runWith(broken, createBus)
      expect(counts['forecast.v1']).toBe(2)
      const dead = invalid.filter((r) => r.stage === 'bus')
      expect(dead.length).toBe(2)
      expect(dead[0]?.reason).toBe('dead-lettered from forecasts after 2 deliveries: rule engine crashed')
      expect(dead[0]?.original).toMatchObject({ contract: 'forecast.v1' })
    })

    it('stores valid records once, from the enricher\'s output, and still stores them when the enricher gives up on their batch', async () => {
      const hold: PolicyEngine = { name: 'hold', decideBatch: async (fs) => fs.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'hold@1', explanation: 'hold' } })) }
      const tagger: Enricher = { name: 'tagger', enrichBatch: async (signals) => signals.map(() => ({
        isOk: true, value: { vNews: { sentiment: -0.5, volatilityLikelihood: 0.7 }, bCapacity: 0.8, model: 'tagger@1' },
      })) }
      const enriched = await runWith(hold, createBus, { enricher: tagger })
      expect(enriched.counts).toMatchObject({ 'signal.v1': 1, 'telemetry.v1': 2, 'enrichment.v1': 1, 'invalid.v1': 1 })

      const crashing: Enricher = { name: 'crashing', enrichBatch: async () => { throw new Error('lexicon missing') } }
      const { counts, invalid } = await runWith(hold, createBus, { enricher: crashing })
      expect(counts['signal.v1']).toBeUndefined()
      const dead = invalid.filter((r) => r.stage === 'bus')
      expect(dead.map((r) => (r.original as { contract: string }).contract).sort()).toEqual(['signal.v1', 'telemetry.v1', 'telemetry.v1'])
      expect(dead[0]?.reason).toBe('dead-lettered from signals.valid after 2 deliveries: lexicon missing')
    })
  })
}
