import type { DraftRecord, ForecastInput, ForecastV1, TelemetryV1 } from '@aether/plugin-api'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAdapter } from '../../src/read-adapter.js'
import { SandboxedAdapter } from '../../src/sandboxed-adapter.js'
import { SandboxedForecaster } from '../../src/sandboxed-forecaster.js'
import { SandboxedPolicy } from '../../src/sandboxed-policy.js'
import { defaultSourceLimits, SandboxedSource, type SourceLimits } from '../../src/sandboxed-source.js'
import { SandboxedValidator } from '../../src/sandboxed-validator.js'
import { SandboxPool } from '../../src/sandbox-pool.js'
import { adapterInstaller, recordingLogger, signal, stageContext } from '../install-adapter.js'

// Each kind through real isolates in real sandbox processes, one pool for the file.
const install = adapterInstaller()
const maxima = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024 }
const logLimits = { maxLinesPerCall: 5, maxLineChars: 200 }
const pool = new SandboxPool(1, recordingLogger())
beforeAll(() => pool.start())
afterAll(() => pool.stop())

async function sandboxed(bundle: string, kind: string): Promise<SandboxedAdapter> {
  return new SandboxedAdapter(await readAdapter(await install(bundle, { kind, ...(kind === 'source' ? { output: 'telemetry.v1' } : {}) }), maxima), pool, logLimits)
}

const sample: TelemetryV1 = {
  id: 'a'.repeat(32), tenant: 'lab', contract: 'telemetry.v1', source: 'feed', sourceEventId: 'n2/1',
  timestamp: '2023-04-30T01:00:00.000Z', region: 'us-east1', pool: 'n2', metric: 'spot_price_usd_hour', value: 0.8,
}
const forecastInput = (value: number): ForecastInput => ({
  region: 'us-east1', pool: 'n2', asOf: sample.timestamp, telemetry: [{ ...sample, value }], signals: [signal(1)], enrichments: [],
})
const forecast = (probability: number, index: number): ForecastV1 => ({
  id: String(index).repeat(32), tenant: 'lab', contract: 'forecast.v1', source: 'forecaster:x', sourceEventId: `n2@${index}`,
  timestamp: sample.timestamp, region: 'us-east1', pool: 'n2', horizonMinutes: 60, probability, model: 'x@1', features: {},
})

async function readAll(source: SandboxedSource, logger = recordingLogger()): Promise<DraftRecord[][]> {
  const batches: DraftRecord[][] = []
  for await (const batch of source.read(stageContext('lab', logger))) batches.push(batch)
  return batches
}

describe('a sandboxed validator', () => {
  it('gives one verdict per input, even for inputs without an id or tenant', async () => {
    const validator = new SandboxedValidator(await sandboxed('validator-well-behaved', 'validator'))
    const inputs = [sample, { ...sample, value: 'high' }, null, 42, 'text', { contract: 'signal.v1' }]
    const verdicts = await validator.validateBatch(inputs, stageContext())
    expect(verdicts.map((verdict) => verdict.isValid)).toEqual([true, false, false, false, false, false])
    expect(verdicts.map((verdict) => verdict.record)).toEqual(inputs)
    expect(verdicts[1]).toMatchObject({ reason: 'rule pack: 1 issue(s)', issues: [{ path: '/value', message: 'a sample value is a number' }] })
    expect(verdicts[5]).toMatchObject({ reason: 'rule pack: 1 issue(s)', issues: [{ path: '/region' }] })
  })

  it('never changes a record: what it did to its copy does not reach the verdict', async () => {
    const validator = new SandboxedValidator(await sandboxed('validator-mutates-records', 'validator'))
    const original = structuredClone(sample)
    const [verdict] = await validator.validateBatch([sample], stageContext())
    expect(verdict).toEqual({ isValid: true, record: original })
    expect(verdict?.record).toBe(sample)
  })

  it('makes a verdict that carries a record of its own invalid, and a short reply invalidates every record', async () => {
    const returnsRecord = new SandboxedValidator(await sandboxed('validator-returns-record', 'validator'))
    const [verdict] = await returnsRecord.validateBatch([sample], stageContext())
    expect(verdict).toMatchObject({ isValid: false, record: sample, reason: expect.stringMatching(/^AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 0 is not a verdict/) })

    const dropsOne = new SandboxedValidator(await sandboxed('validator-drops-one', 'validator'))
    const verdicts = await dropsOne.validateBatch([sample, null, 3], stageContext())
    expect(verdicts).toHaveLength(3)
    expect(verdicts.map((v) => v.record)).toEqual([sample, null, 3])
    for (const v of verdicts) expect(v).toMatchObject({ isValid: false, reason: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION: it returned 2 records for 3 inputs' })
  })
})

describe('a sandboxed forecaster', () => {
  it('forecasts each input under the key the host gave it', async () => {
    const forecaster = new SandboxedForecaster(await sandboxed('forecaster-well-behaved', 'forecaster'))
    const results = await forecaster.forecastBatch([forecastInput(0.8), forecastInput(0.2)], stageContext())
    expect(results).toEqual([
      { isOk: true, value: { probability: 0.8, horizonMinutes: 60, model: 'forecaster-well-behaved@1', features: { latestPrice: 0.8, samples: 1, signals: 1 } } },
      { isOk: true, value: { probability: 0.2, horizonMinutes: 60, model: 'forecaster-well-behaved@1', features: { latestPrice: 0.2, samples: 1, signals: 1 } } },
    ])
  })

  it('fails every input when replies are under other keys, and only the bad one for an out-of-range probability', async () => {
    const rekeys = new SandboxedForecaster(await sandboxed('forecaster-rekeys', 'forecaster'))
    const failed = await rekeys.forecastBatch([forecastInput(0.1), forecastInput(0.2)], stageContext())
    expect(failed).toEqual([0, 1].map(() => ({ isOk: false, error: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 0 has id "1", not its input\'s 0' })))

    const outOfRange = new SandboxedForecaster(await sandboxed('forecaster-out-of-range', 'forecaster'))
    const [first, second] = await outOfRange.forecastBatch([forecastInput(0.1), forecastInput(0.2)], stageContext())
    expect(first).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 0 is not a forecast: \/probability/) })
    expect(second).toMatchObject({ isOk: true, value: { probability: 0.25 } })
  })
})

describe('a sandboxed policy', () => {
  it('decides each forecast, and an unknown action fails only that forecast', async () => {
    const policy = new SandboxedPolicy(await sandboxed('policy-well-behaved', 'policy'))
    const results = await policy.decideBatch([forecast(0.9, 1), forecast(0.25, 2)], stageContext())
    expect(results).toEqual([
      { isOk: true, value: { action: 'migrate', confidence: expect.closeTo(0.8, 5), policy: 'policy-well-behaved@1', explanation: 'P=0.9 for n2: migrate' } },
      { isOk: true, value: { action: 'hold', confidence: 0.5, policy: 'policy-well-behaved@1', explanation: 'P=0.25 for n2: hold' } },
    ])
    const unknown = new SandboxedPolicy(await sandboxed('policy-unknown-action', 'policy'))
    const [result] = await unknown.decideBatch([forecast(0.9, 1)], stageContext())
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 0 is not a decision: \/action/) })
  })
})

describe('a sandboxed source', () => {
  const source = async (bundle: string, limits: SourceLimits = defaultSourceLimits) => new SandboxedSource(await sandboxed(bundle, 'source'), limits)

  it('polls from a null cursor, passing each cursor on, until a poll has no records', async () => {
    const logger = recordingLogger()
    const batches = await readAll(await source('source-well-behaved'), logger)
    expect(batches.map((batch) => batch.map((draft) => draft.sourceEventId))).toEqual([0, 1, 2].map((page) => [0, 1, 2, 3].map((offset) => `n2-standard-4/${page * 4 + offset}`)))
    expect(logger.lines.filter((line) => line.msg === 'adapter log').map((line) => line.adapterLog)).toEqual([0, 1, 2, 3].map((page) => `polling page ${page} for lab`))
    expect(logger.lines.filter((line) => typeof line.problem === 'string')).toEqual([expect.objectContaining({ poll: 2, problem: expect.stringMatching(/^record 2: \/value/) })])
  })

  it('stops at maxPolls with a warning when the feed never runs out', async () => {
    const logger = recordingLogger()
    const batches = await readAll(await source('source-endless', { maxPolls: 3, maxRecordsPerPoll: 10 }), logger)
    expect(batches.flat().map((draft) => draft.value)).toEqual([1, 2, 3])
    expect(logger.lines.some((line) => /stopped after maxPolls \(3\)/.test(String(line.msg)))).toBe(true)
  })

  it('ends the read with AETHER_E_SANDBOX_SOURCE_FAILED and the poll\'s code when a poll fails, after what came before', async () => {
    const batches: DraftRecord[][] = []
    const read = async () => { for await (const batch of (await source('source-fails-second-poll')).read(stageContext())) batches.push(batch) }
    await expect(read()).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_SOURCE_FAILED', message: expect.stringContaining('failed at poll 2: AETHER_E_SANDBOX_ADAPTER_THREW: Error: feed unavailable'),
    })
    expect(batches.flat()).toHaveLength(1)
    for (const [bundle, problem] of [
      ['source-wrong-contract', 'poll 1: AETHER_E_SANDBOX_CONTRACT_VIOLATION: record 0 has contract "decision.v1"'],
      ['source-huge-cursor', 'poll 1: AETHER_E_SANDBOX_CONTRACT_VIOLATION: the cursor is 20002 bytes'],
      ['well-behaved', 'poll 1: AETHER_E_SANDBOX_CONTRACT_VIOLATION: globalThis.adapter.poll is not a function'],
    ]) {
      await expect(readAll(await source(bundle as string))).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_SOURCE_FAILED', message: expect.stringContaining(problem as string) })
    }
  })
})
