import { dirname } from 'node:path'
import { createKernel, createLogger, runPipeline } from '@aether/core'
import { type AetherPlugin, type Bus, busPoint, storagePoint } from '@aether/plugin-api'
import { createTestNatsBus, deleteDeployment } from '@aether/plugin-bus-nats/testing'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { plugin as sandboxHost } from '../../src/plugin.js'
import { adapterInstaller } from '../install-adapter.js'

// The embedded pipeline with every stage but the sink a sandboxed adapter: source, validator,
// forecaster and policy, on the in-process bus and on NATS JetStream (the shared server).
const install = adapterInstaller()
const logger = createLogger({ level: 'silent' })
const window = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }
const deployments: string[] = []
let storage: Awaited<ReturnType<typeof openPgliteStorage>>
beforeAll(async () => { storage = await openPgliteStorage('memory://') })
afterAll(async () => {
  await storage.close()
  for (const deployment of deployments) await deleteDeployment(deployment)
})

interface Stages { source: string; validator: string; forecaster: string; policy: string }
const wellBehaved: Stages = { source: 'source-well-behaved', validator: 'validator-well-behaved', forecaster: 'forecaster-well-behaved', policy: 'policy-well-behaved' }
let runs = 0

async function run(stages: Stages, bus: Bus | undefined, tenant = `kinds${(runs += 1)}`) {
  const folders = await Promise.all([
    install(stages.source, { kind: 'source', output: 'telemetry.v1' }), install(stages.validator, { kind: 'validator' }),
    install(stages.forecaster, { kind: 'forecaster' }), install(stages.policy, { kind: 'policy' }),
  ])
  const plugins: AetherPlugin[] = [{
    manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] },
    register: (c) => c.provide(storagePoint, storage.store),
  }]
  if (bus !== undefined) {
    plugins.push({ manifest: { name: 'test-bus', version: '1.0.0', engine: '*', provides: [busPoint.id] }, register: (c) => c.provide(busPoint, bus) })
  }
  const kernel = createKernel({
    logger, baseDir: dirname(folders[0]),
    config: { tenant, pipeline: { sources: [stages.source], validator: stages.validator, forecaster: stages.forecaster, policy: stages.policy } },
    plugins: [...plugins, { plugin: sandboxHost, config: { adapters: folders.map((folder) => ({ path: folder.slice(dirname(folder).length + 1) })), poolSize: 1 } }],
  })
  const stored = async (contract: string) => storage.store.queryWindow({ ...window, tenant, contract })
  try {
    await kernel.start()
    const summary = await runPipeline(kernel)
    return { summary, telemetry: await stored('telemetry.v1'), invalid: await stored('invalid.v1'), forecasts: await stored('forecast.v1'), decisions: await stored('decision.v1') }
  } finally {
    await kernel.stop()
  }
}

function describeKinds(busName: string, createBus: () => Promise<Bus | undefined>) {
  describe(`the embedded pipeline of sandboxed adapters on ${busName}`, () => {
    it('stores what the sandboxed source read, validator passed, forecaster forecast and policy decided', async () => {
      const { summary, telemetry, invalid, forecasts, decisions } = await run(wellBehaved, await createBus())
      expect(summary.outcome).toBe('completed')
      expect(summary.counts).toMatchObject({ recordsIn: 12, valid: 11, invalid: 1, forecasts: 11, decisions: 11 })
      expect(telemetry.map((sample) => sample.sourceEventId).sort()).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11].map((hour) => `n2-standard-4/${hour}`).sort())
      expect(invalid).toEqual([expect.objectContaining({
        stage: 'validator:validator-well-behaved', reason: 'rule pack: 1 issue(s)', issues: [{ path: '/value', message: 'a sample value is a number' }],
        original: expect.objectContaining({ sourceEventId: 'n2-standard-4/6', value: 'high' }),
      })])
      expect(new Set(forecasts.map((forecast) => forecast.model))).toEqual(new Set(['forecaster-well-behaved@1']))
      expect(forecasts.map((forecast) => forecast.probability).sort()).toEqual([0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 11].map((hour) => Math.min(1, hour / 10)).sort())
      expect(decisions).toHaveLength(11)
      for (const decision of decisions) {
        const forecast = forecasts.find((f) => f.id === decision.forecastId)
        expect(decision).toMatchObject({ policy: 'policy-well-behaved@1', action: (forecast?.probability as number) > 0.5 ? 'migrate' : 'hold' })
      }
    })
  })
}

describeKinds('the in-process bus', async () => undefined)
describeKinds('the NATS JetStream bus', async () => {
  const bus = await createTestNatsBus({ maxMessagesPerSubject: 64 })
  deployments.push(bus.deployment)
  return bus
})

describe('a second run of the embedded pipeline with a sandboxed source', () => {
  it('continues from the cursor the first run saved: the source reads nothing again', async () => {
    const first = await run(wellBehaved, undefined, 'kinds-again')
    expect(first.summary.counts).toMatchObject({ recordsIn: 12, valid: 11, invalid: 1 })
    // Installed afresh, as an upgrade in place would be: the same adapter and package name keep the cursor.
    const second = await run(wellBehaved, undefined, 'kinds-again')
    expect(second.summary.outcome).toBe('completed')
    expect(second.summary.counts).toMatchObject({ recordsIn: 0 })
    expect(second.telemetry).toHaveLength(11)
  })
})

describe('sandboxed adapters that fail, in the embedded pipeline', () => {
  it('keeps every item of a failed forecaster or policy call as invalid with the code, losing none', async () => {
    const rekeyed = await run({ ...wellBehaved, forecaster: 'forecaster-rekeys' }, undefined)
    expect(rekeyed.forecasts).toEqual([])
    const failedForecasts = rekeyed.invalid.filter((record) => record.stage === 'forecaster:forecaster-rekeys')
    expect(failedForecasts).toHaveLength(11)
    for (const record of failedForecasts) expect(record.reason).toMatch(/AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 0 has id "1"/)

    const unknownAction = await run({ ...wellBehaved, policy: 'policy-unknown-action' }, undefined)
    expect(unknownAction.forecasts).toHaveLength(11)
    expect(unknownAction.decisions).toEqual([])
    const failedDecisions = unknownAction.invalid.filter((record) => record.stage === 'policy:policy-unknown-action')
    expect(failedDecisions.map((record) => (record.original as { id: string }).id).sort()).toEqual(unknownAction.forecasts.map((f) => f.id).sort())
    for (const record of failedDecisions) expect(record.reason).toMatch(/AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record \d+ is not a decision: \/action/)
  })

  it('keeps every record as invalid when the validator call fails, and fails the run when a source poll fails', async () => {
    const dropsOne = await run({ ...wellBehaved, validator: 'validator-drops-one' }, undefined)
    expect(dropsOne.telemetry).toEqual([])
    expect(dropsOne.invalid).toHaveLength(12)
    // The source stage publishes each poll's four records as a batch of its own (the cursor is saved after).
    for (const record of dropsOne.invalid) expect(record.reason).toBe('AETHER_E_SANDBOX_CONTRACT_VIOLATION: it returned 3 records for 4 inputs')

    await expect(run({ ...wellBehaved, source: 'source-fails-second-poll' }, undefined)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_SOURCE_FAILED', message: expect.stringContaining('failed at poll 2: AETHER_E_SANDBOX_ADAPTER_THREW: Error: feed unavailable'),
    })
  })
})
