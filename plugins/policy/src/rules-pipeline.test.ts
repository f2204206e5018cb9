import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  createContractRegistry, createKernel, createLogger, runPipeline, sourcePoint, storagePoint, type AetherPlugin, type DraftRecord,
} from '@aether/core'
import { temporaryDirectories } from '@aether/core/testing'
import { plugin as forecaster } from '@aether/plugin-forecaster'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { plugin as validator } from '@aether/plugin-validator'
import { SqlActionLedger } from '@aether/storage-sql'
import { plugin as policy } from './plugin.js'

const temporaryDirectory = temporaryDirectories()

const sample = (minute: number, value: number, startMs = Date.UTC(2023, 3, 30)): DraftRecord => ({
  contract: 'telemetry.v1', source: 'test', sourceEventId: `c3/${minute}`, timestamp: new Date(startMs + minute * 60_000).toISOString(),
  region: 'us-east1', zone: 'us-east1-b', pool: 'c3', metric: 'spot_available', value,
})

function listSource(drafts: DraftRecord[]): AetherPlugin {
  return {
    manifest: { name: 'list-source', version: '1.0.0', engine: '*', provides: [sourcePoint.id] },
    register: (context) => context.provide(sourcePoint, { name: 'list', async *read() { yield drafts } }),
  }
}

describe('a pipeline with the rules policy', () => {
  it('stores a decision.v2 per workload with its explanation, and the moves among them as actions', async () => {
    const dir = await temporaryDirectory('aether-rules-pipeline-')
    // Thresholds low enough that any forecast moves: the point is what is stored, not the forecaster.
    await writeFile(join(dir, 'rules.json'), JSON.stringify({
      version: 1, defaults: { migrateAt: 0.001, drainAt: 0.999 },
      rules: [{ id: 'batch-holds', when: { workload: { tier: ['batch'] } }, then: { maxAction: 'hold' } }],
    }))
    const storage = await openPgliteStorage('memory://')
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      baseDir: dir,
      config: { tenant: 'lab', pipeline: { sources: ['list'], forecaster: 'heuristic-baseline', policy: 'rules', forecast: { cadenceMinutes: 1 } } },
      plugins: [
        { manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] }, register: (c) => c.provide(storagePoint, storage.store) },
        validator, forecaster, listSource([sample(0, 1), sample(1, 0)]),
        { plugin: policy, config: { rules: { path: 'rules.json', watch: false, workloads: [
          { id: 'checkout', pool: 'c3', attributes: { tier: 'critical' } }, { id: 'nightly-etl', pool: 'c3', attributes: { tier: 'batch' } },
        ] } } },
      ],
    })
    try {
      await kernel.start()
      const summary = await runPipeline(kernel)
      expect(summary.counts).toMatchObject({ forecasts: 2, decisions: 4 })
      const decisions = await storage.store.queryWindow({ tenant: 'lab', contract: 'decision.v2', from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z' })
      const registry = createContractRegistry()
      expect(decisions.map((decision) => registry.check('decision.v2', decision))).toEqual(decisions.map(() => ({ isValid: true })))
      expect(decisions.map((decision) => [decision.workload, decision.action]).sort()).toEqual([
        ['checkout', 'hold'], ['checkout', 'migrate'], ['nightly-etl', 'hold'], ['nightly-etl', 'hold'],
      ])
      // The second forecast came a minute after the first: the cool-down held checkout's second move.
      const held = decisions.find((decision) => decision.workload === 'checkout' && decision.action === 'hold')
      expect((held?.details as { guardrails: Array<{ name: string; outcome: string }> }).guardrails.at(-1)).toMatchObject({ name: 'cooldown', outcome: 'held' })
      expect((decisions.find((decision) => decision.workload === 'nightly-etl')?.details as { rulesFired: unknown }).rulesFired)
        .toEqual([{ id: 'batch-holds', effect: 'maxAction=hold' }])
      const actions = await new SqlActionLedger(storage.executor).list('lab')
      expect(actions.map((action) => [action.workload, action.kind, action.state])).toEqual([['checkout', 'migrate', 'pending']])
    } finally {
      await kernel.stop()
      await storage.close()
    }
  }, 60_000)

  it('a restarted kernel restores its guardrails from the stored decisions: a move inside the cool-down still holds', async () => {
    const dir = await temporaryDirectory('aether-rules-restart-')
    await writeFile(join(dir, 'rules.json'), JSON.stringify({ version: 1, defaults: { migrateAt: 0.001, drainAt: 0.999 }, guardrails: { cooldownMinutes: 120 } }))
    const storage = await openPgliteStorage('memory://')
    // Restored from the last cool-down before the wall clock: the telemetry is recent.
    const startMs = Math.floor(Date.now() / 60_000) * 60_000 - 30 * 60_000
    const run = async (drafts: DraftRecord[]): Promise<void> => {
      const kernel = createKernel({
        logger: createLogger({ level: 'silent' }),
        baseDir: dir,
        config: { tenant: 'lab', pipeline: { sources: ['list'], forecaster: 'heuristic-baseline', policy: 'rules', forecast: { cadenceMinutes: 1 } } },
        plugins: [
          { manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] }, register: (c) => c.provide(storagePoint, storage.store) },
          validator, forecaster, listSource(drafts),
          { plugin: policy, config: { rules: { path: 'rules.json', watch: false, workloads: [{ id: 'checkout', pool: 'c3', attributes: {} }] } } },
        ],
      })
      try {
        await kernel.start()
        await runPipeline(kernel)
      } finally {
        await kernel.stop()
      }
    }
    try {
      await run([sample(0, 1, startMs)])
      await run([sample(10, 0, startMs)])
      const decisions = await storage.store.queryWindow({ tenant: 'lab', contract: 'decision.v2', from: new Date(startMs).toISOString(), to: new Date(startMs + 3_600_000).toISOString() })
      expect(decisions.map((decision) => decision.action)).toEqual(['migrate', 'hold'])
      expect((decisions[1]?.details as { guardrails: Array<{ name: string; outcome: string; detail: string }> }).guardrails.at(-1))
        .toEqual({ name: 'cooldown', outcome: 'held', detail: 'moved 10 min ago, cool-down is 120 min' })
    } finally {
      await storage.close()
    }
  }, 60_000)
})
