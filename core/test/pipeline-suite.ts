import { plugin as forecaster } from '@aether/plugin-forecaster'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { plugin as validator } from '@aether/plugin-validator'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  type AetherPlugin, type AetherRecord, type Bus, busPoint, type DraftRecord, type Enricher, enricherPoint,
  type PolicyEngine, policyEnginePoint, recordId, type RecordStorage, type SignalSource, sourcePoint, storagePoint,
} from '@aether/plugin-api'
import { createKernel } from '../src/kernel/create-kernel.js'
import { createLogger } from '../src/logger.js'
import { runPipeline } from '../src/pipeline/run-pipeline.js'
import { pipelineConsumers } from '../src/pipeline/topology.js'

const logger = createLogger({ level: 'silent' })

// Strings with any code point, NUL and lone surrogates among them.
const anyText = fc.oneof(fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('\u0000', 'a\u0000b', '\uD800', '\uDC00x', 'us-east1'))
const anyNumber = fc.oneof(fc.double(), fc.integer(), fc.constantFrom(1e308, -1e308, Number.MAX_SAFE_INTEGER + 2, 0))
const deepNesting = fc.integer({ min: 1, max: 150 }).map((depth) => {
  let value: unknown = 'leaf'
  for (let level = 0; level < depth; level += 1) value = { nested: value }
  return value
})
const anyValue = fc.oneof(anyText, anyNumber, fc.boolean(), fc.constant(null), fc.jsonValue({ maxDepth: 3 }), deepNesting)
const validTime = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2099-12-31T00:00:00Z'), noInvalidDate: true }).map((date) => date.toISOString())

/** Drafts as a careless or hostile source might produce them: mostly telemetry-shaped, any field any value. */
const arbitraryDraft: fc.Arbitrary<DraftRecord> = fc.record({
  contract: fc.oneof(fc.constant('telemetry.v1'), fc.constant('signal.v1'), anyText),
  source: fc.constant('prop'),
  sourceEventId: anyText,
  timestamp: fc.oneof(validTime, anyValue),
  region: fc.oneof(fc.constant('us-east1'), anyValue),
  pool: fc.oneof(fc.constant('c3'), anyValue),
  metric: fc.oneof(fc.constant('spot_available'), anyValue),
  value: fc.oneof(anyNumber, anyValue),
  extra: fc.option(anyValue, { nil: undefined }),
}, { requiredKeys: ['contract', 'source', 'sourceEventId'] })

/** Every row of tenant `lab`, whatever its contract and time. */
async function everyRow(store: RecordStorage): Promise<AetherRecord[]> {
  const contracts = Object.keys(await store.countByContract('lab'))
  const window = { tenant: 'lab', from: '0001-01-01T00:00:00Z', to: '9999-12-31T00:00:00Z' }
  return (await Promise.all(contracts.map((contract) => store.queryWindow({ ...window, contract })))).flat()
}

/** The record an invalid row keeps, decoding a payload kept as JSON text. */
function originalOf(row: AetherRecord): { id?: unknown; contract?: unknown } | null {
  return (row.originalEncoding === 'json' ? JSON.parse(row.original as string) : row.original) as { id?: unknown } | null
}

/** The id of the record an invalid row keeps. */
function originalId(row: AetherRecord): unknown {
  return originalOf(row)?.id
}

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

/** A store the suite runs the pipeline into, and how to close it. */
export interface PipelineStorage {
  store: RecordStorage
  close(): Promise<void>
}

/** How a backend opens a fresh, empty store for one run of the suite. */
export type OpenPipelineStorage = () => Promise<PipelineStorage>

async function openPglite(): Promise<PipelineStorage> {
  const storage = await openPgliteStorage('memory://')
  return { store: storage.store, close: () => storage.close() }
}

interface RunWithOptions {
  enricher?: Enricher
  /** Kept across runs (and closed by the caller) when given; otherwise a fresh store per run. */
  storage?: PipelineStorage
  drafts?: DraftRecord[]
  stallTimeoutMs?: number
}

/** Runs the pipeline once; on a fresh store unless given one to keep across runs. */
async function runWith(policy: PolicyEngine, createBus: () => Promise<Bus | undefined>, openStorage: OpenPipelineStorage, options: RunWithOptions = {}) {
  const { enricher } = options
  const bus = await createBus()
  const storage = options.storage ?? await openStorage()
  const storagePlugin: AetherPlugin = {
    manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] },
    register: (c) => c.provide(storagePoint, storage.store),
  }
  const drafts = options.drafts ?? [sample(0, 1), sample(1, 'one'), sample(2, 0), ...(enricher === undefined ? [] : [incident])]
  const kernel = createKernel({
    logger,
    config: {
      tenant: 'lab', bus: { maxDeliver: 2 },
      pipeline: {
        sources: ['list'], enricher: enricher?.name, forecaster: 'heuristic-baseline', policy: policy.name, forecast: { cadenceMinutes: 1 },
        ...(options.stallTimeoutMs === undefined ? {} : { stallTimeoutMs: options.stallTimeoutMs }),
      },
    },
    plugins: [
      storagePlugin, validator, forecaster, policyPlugin(policy), listSource(drafts),
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

const hold: PolicyEngine = { name: 'hold', decideBatch: async (fs) => fs.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'hold@1', explanation: 'hold' } })) }

/**
 * The embedded pipeline end to end on PGlite, as one suite: run it with a factory for the bus
 * under test (undefined: the kernel's in-process bus).
 */
export function describePipeline(
  name: string, createBus: () => Promise<Bus | undefined>, openStorage: OpenPipelineStorage = openPglite, backend = 'PGlite',
): void {
  const run = (policy: PolicyEngine, options: RunWithOptions = {}) => runWith(policy, createBus, openStorage, options)

  describe(`runPipeline on ${name} and ${backend}`, () => {
    it('routes a malformed sample to invalid with its reason and forecasts from the rest', async () => {
      const { summary, counts, invalid } = await run(hold)
      expect(summary.counts).toMatchObject({ recordsIn: 3, valid: 2, invalid: 1, forecasts: 2, decisions: 2 })
      // decision.v1 (no guardrails) never becomes an action.
      expect(summary.counts).toMatchObject({ decisionsByAction: { hold: 2, migrate: 0, drain: 0 }, actionsEnqueued: 0 })
      expect(counts).toEqual({ 'telemetry.v1': 2, 'invalid.v1': 1, 'forecast.v1': 2, 'decision.v1': 2 })
      expect(invalid[0]).toMatchObject({ reason: 'does not match telemetry.v1: /value Expected number', original: { value: 'one', id: recordId(sample(1, 'one')) } })
    })

    it('counts stored rows and, on a replay, the already stored ones it skipped, in its metrics', async () => {
      const storage = await openStorage()
      try {
        const first = await run(hold, { storage })
        expect(first.metrics).toContain('aether_storage_rows_stored_total{tenant="lab"} 7')
        expect(first.metrics).toMatch(/aether_storage_write_seconds_count [1-9]/)
        const replay = await run(hold, { storage })
        expect(replay.summary.counts).toMatchObject({ stored: 0, duplicates: 7 })
        expect(replay.metrics).toContain('aether_storage_rows_already_stored_total{tenant="lab"} 7')
        expect(replay.metrics).toContain('aether_storage_write_failures_total 0')
      } finally {
        await storage.close()
      }
    })

    it('runs exactly the durable consumers the pipeline topology declares', async () => {
      const { consumers, declared } = await run(hold)
      expect(consumers).toEqual(expect.arrayContaining(declared))
      expect(consumers.length).toBe(declared.length)
    })

    it('keeps an item a stage fails on as invalid, naming the stage and the error', async () => {
      const picky: PolicyEngine = { name: 'picky', decideBatch: async (fs) => fs.map(() => ({ isOk: false, error: 'no rule for this pool' })) }
      const { counts, invalid } = await run(picky)
      expect(counts['decision.v1']).toBeUndefined()
      expect(invalid.filter((r) => r.stage === 'policy:picky').map((r) => r.reason)).toEqual([
        'policy:picky failed: no rule for this pool', 'policy:picky failed: no rule for this pool',
      ])
    })

    it('dead-letters a batch that fails every delivery and stores it as invalid, so nothing is lost', async () => {
      const broken: PolicyEngine = { name: 'broken', decideBatch: async () => { throw new Error('rule engine crashed') } }
      const { counts, invalid } = await run(broken)
      expect(counts['forecast.v1']).toBe(2)
      const dead = invalid.filter((r) => r.stage === 'bus')
      expect(dead.length).toBe(2)
      expect(dead[0]?.reason).toBe('dead-lettered from forecasts after 2 deliveries: rule engine crashed')
      expect(dead[0]?.original).toMatchObject({ contract: 'forecast.v1' })
    })

    it('stores valid records once, from the enricher\'s output, and still stores them when the enricher gives up on their batch', async () => {
      const tagger: Enricher = { name: 'tagger', enrichBatch: async (signals) => signals.map(() => ({
        isOk: true, value: { vNews: { sentiment: -0.5, volatilityLikelihood: 0.7 }, bCapacity: 0.8, model: 'tagger@1' },
      })) }
      const enriched = await run(hold, { enricher: tagger })
      expect(enriched.counts).toMatchObject({ 'signal.v1': 1, 'telemetry.v1': 2, 'enrichment.v1': 1, 'invalid.v1': 1 })

      const crashing: Enricher = { name: 'crashing', enrichBatch: async () => { throw new Error('lexicon missing') } }
      const { counts, invalid } = await run(hold, { enricher: crashing })
      expect(counts['signal.v1']).toBeUndefined()
      const dead = invalid.filter((r) => r.stage === 'bus')
      expect(dead.map((r) => (r.original as { contract: string }).contract).sort()).toEqual(['signal.v1', 'telemetry.v1', 'telemetry.v1'])
      expect(dead[0]?.reason).toBe('dead-lettered from signals.valid after 2 deliveries: lexicon missing')
    })

    it('keeps a record with NUL in a field as invalid, naming the field, with its payload as JSON text, and stores the rest', async () => {
      const poisoned = { ...sample(1, 1), region: 'us-\u0000east1' }
      const { summary, counts, invalid } = await run(hold, { drafts: [sample(0, 1), poisoned, sample(2, 0)] })
      expect(summary.outcome).toBe('completed')
      expect(counts).toMatchObject({ 'telemetry.v1': 2, 'invalid.v1': 1 })
      expect(invalid[0]?.issues).toEqual([{ path: '/region', message: 'Text holds NUL or a lone surrogate, which storage cannot hold' }])
      expect(invalid[0]?.originalEncoding).toBe('json')
      expect(JSON.parse(invalid[0]?.original as string)).toMatchObject({ region: 'us-\u0000east1', sourceEventId: poisoned.sourceEventId })
    })

    it('stores the rest of a batch the database refuses one record of, and keeps that record as invalid with the database\'s reason', async () => {
      let calls = 0
      const nulExplainer: PolicyEngine = { name: 'nul-explainer', decideBatch: async (fs) => fs.map(() => {
        calls += 1
        return { isOk: true, value: { action: 'hold', confidence: 1, policy: 'nul@1', explanation: calls === 1 ? 'hold \u0000' : 'hold' } }
      }) }
      const { summary, counts, invalid, metrics } = await run(nulExplainer)
      expect(summary.outcome).toBe('completed')
      expect(summary.counts.refusedByStorage).toBe(1)
      // Refused data is handled, not storage failing: the alert on failed writes stays quiet.
      expect(metrics).toContain('aether_storage_write_failures_total 0')
      expect(metrics).toContain('aether_stage_records_invalid_total{stage="sink"} 1')
      expect(counts).toMatchObject({ 'telemetry.v1': 2, 'forecast.v1': 2, 'decision.v1': 1 })
      const refused = invalid.filter((r) => r.stage === 'sink')
      expect(refused.length).toBe(1)
      expect(refused[0]?.reason).toMatch(/^storage refused it: .*refused the batch for its data: .*\(SQLSTATE 22P05\)\.$/)
      expect(JSON.parse(refused[0]?.original as string)).toMatchObject({ contract: 'decision.v1', explanation: 'hold \u0000' })
    })

    it('keeps every input of a stage that returns too few results as invalid, with a coded reason', async () => {
      const forgetful: PolicyEngine = { name: 'forgetful', decideBatch: async () => [] }
      const { summary, counts, invalid } = await run(forgetful)
      expect(summary.outcome).toBe('completed')
      expect(counts['decision.v1']).toBeUndefined()
      const failed = invalid.filter((r) => r.stage === 'policy:forgetful')
      expect(failed.length).toBe(2)
      expect(failed[0]?.reason).toMatch(/^policy:forgetful failed: AETHER_E_STAGE_RESULT_COUNT: policy:forgetful returned 0 results for 2 inputs/)
    })

    it('ends as stalled, naming the consumer whose work did not move, when a stage makes no progress', async () => {
      const hung: PolicyEngine = { name: 'hung', decideBatch: (_fs, context) => new Promise((_resolve, reject) => {
        context.signal.addEventListener('abort', () => reject(new Error('stopped while hung')), { once: true })
      }) }
      const { summary, counts } = await run(hung, { stallTimeoutMs: 500 })
      expect(summary.outcome).toBe('stalled')
      expect(summary.unfinished).toEqual([expect.objectContaining({ subject: 'forecasts', durable: 'policy' })])
      expect(counts).toMatchObject({ 'telemetry.v1': 2, 'forecast.v1': 2 })
    })

    it('ends with exactly one stored or one invalid row for every record, whatever its strings, numbers, types and nesting', async () => {
      const explanations = fc.array(anyText, { minLength: 1, maxLength: 4 })
      await fc.assert(fc.asyncProperty(fc.array(arbitraryDraft, { minLength: 1, maxLength: 12 }), explanations, async (generated, texts) => {
        // Two valid samples make forecasts, and a policy writes any text into its decisions, which
        // no validator checks: those reach the sink's refusal isolation.
        const drafts = [sample(0, 1), sample(2, 0), ...generated.map((draft, index) => ({ ...draft, sourceEventId: `${index}:${draft.sourceEventId}` }))]
        let decided = 0
        const careless: PolicyEngine = { name: 'careless', decideBatch: async (fs) => fs.map(() => ({
          isOk: true, value: { action: 'hold', confidence: 1, policy: 'careless@1', explanation: texts[decided++ % texts.length] as string },
        })) }
        const storage = await openStorage()
        try {
          const { summary } = await run(careless, { drafts, storage })
          expect(summary.outcome).toBe('completed')
          const rows = await everyRow(storage.store)
          const decisions = rows.filter((row) => row.contract === 'decision.v1').length
          const refusedDecisions = rows.filter((row) => row.stage === 'sink' && originalOf(row)?.contract === 'decision.v1').length
          expect(decisions + refusedDecisions).toBe(summary.counts.decisions)
          expect(summary.counts.decisions).toBeGreaterThan(0)
          for (const draft of drafts) {
            const id = recordId({ source: draft.source, sourceEventId: draft.sourceEventId, contract: String(draft.contract) })
            const stored = rows.filter((row) => row.id === id && row.contract !== 'invalid.v1')
            const invalid = rows.filter((row) => row.contract === 'invalid.v1' && originalId(row) === id)
            expect({ draft, stored: stored.length + invalid.length }).toEqual({ draft, stored: 1 })
            for (const row of invalid) expect(row.reason).toEqual(expect.any(String))
          }
        } finally {
          await storage.close()
        }
      }), { numRuns: 4 })
    }, 240_000)
  })
}
