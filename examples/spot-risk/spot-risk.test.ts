import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import type { AetherRecord } from '@aether/plugin-api'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { describe, expect, it } from 'vitest'
import { runAether } from './run-cli.js'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

const exampleDir = fileURLToPath(new URL('.', import.meta.url))
const all = { tenant: 'demo', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z', limit: 100_000 }

interface Guardrail { name: string; outcome: 'held' | 'passed' }
interface Details { proposedAction: string; rulesVersion: string; rulesFired: Array<{ id: string }>; guardrails: Guardrail[] }
const detailsOf = (decision: AetherRecord): Details => decision.details as Details
const heldBy = (decision: AetherRecord): string[] =>
  detailsOf(decision).guardrails.filter((guardrail) => guardrail.outcome === 'held').map((guardrail) => guardrail.name)

describe('the spot-risk pipeline, run by the aether CLI on the embedded default', () => {
  it('stores valid, invalid, enriched, forecast and decision records, enqueues the moves as actions, and a replay adds nothing', async () => {
    const dataDir = await temporaryDirectory('aether-spot-risk-')
    const args = ['run', 'pipeline.json', '--json', '--no-progress', '--log-level', 'warn', '--set', `plugins.0.config.dataDir=${dataDir}`]

    const first = await runAether(args, exampleDir)
    expect(first.stderr).toBe('')
    expect(first.code).toBe(0)
    const summary = JSON.parse(first.stdout)
    const { counts } = summary
    expect(counts.recordsIn).toBe(79_322)
    expect(counts.invalid).toBeGreaterThanOrEqual(34)
    expect(counts.valid + counts.invalid).toBe(counts.recordsIn)
    // Which forecasts are made depends on what is stored when each window is judged; every
    // forecast gets one decision per workload on its pool, so there are at least as many.
    expect(counts.forecasts).toBeGreaterThan(0)
    const { hold, migrate, drain } = counts.decisionsByAction
    expect(hold + migrate + drain).toBe(counts.decisions)
    expect(migrate + drain).toBeGreaterThan(0)
    // Every move is a guarded decision.v2: each one is enqueued once.
    expect(counts.actionsEnqueued).toBe(migrate + drain)
    expect(counts.duplicates).toBe(0)

    // The second run's summary as people read it: the same decisions, nothing written or enqueued.
    const second = (await runAether(args.filter((arg) => arg !== '--json'), exampleDir)).stdout
    expect(second).toMatch(new RegExp(`^ {2}decisions +${counts.decisions} \\(hold ${hold}, migrate ${migrate}, drain ${drain}\\)$`, 'm'))
    expect(second).toMatch(/^ {2}rows written +0$/m)
    expect(second).toMatch(new RegExp(`^ {2}already stored \\(skipped\\) +${counts.stored}$`, 'm'))
    expect(second).toMatch(/^ {2}actions enqueued +0$/m)

    const storage = await openPgliteStorage(dataDir)
    try {
      const stored = await storage.store.countByContract('demo')
      expect(stored['signal.v1']! + stored['telemetry.v1']!).toBe(counts.valid)
      expect(stored['invalid.v1']).toBe(counts.invalid)
      expect(stored['enrichment.v1']).toBe(counts.enrichments)
      expect(stored['forecast.v1']).toBe(counts.forecasts)
      expect(stored['decision.v2']).toBe(counts.decisions)
      expect(stored['decision.v1']).toBeUndefined()

      const [invalid] = await storage.store.queryWindow({ ...all, contract: 'invalid.v1', limit: 1 })
      expect(invalid).toMatchObject({ stage: 'validator:contract', reason: 'does not match telemetry.v1: /value Expected number' })
      expect(invalid?.original).toMatchObject({ source: 'gcp-pricing', value: null })

      // The pipeline lists four workloads on p3.2xlarge in us-east-1; every other forecast decides for one.
      const forecasts = await storage.store.queryWindow({ ...all, contract: 'forecast.v1' })
      const gpuEast = forecasts.filter((forecast) => forecast.pool === 'p3.2xlarge' && forecast.region === 'us-east-1').length
      expect(gpuEast).toBeGreaterThan(0)
      expect(counts.decisions).toBe(counts.forecasts + 3 * gpuEast)

      const decisions = await storage.store.queryWindow({ ...all, contract: 'decision.v2' })
      const rulesFile = await readFile(new URL('policy-rules.json', import.meta.url))
      const rulesVersion = `sha256:${createHash('sha256').update(rulesFile).digest('hex').slice(0, 16)}`
      for (const decision of decisions) {
        expect(decision.policy).toBe('rules@1')
        expect(decision.explanation).toMatch(new RegExp(`^${String(decision.action)} ${String(decision.workload)}: P\\(preemption within 60 min\\) for `))
        expect(detailsOf(decision).rulesVersion).toBe(rulesVersion)
      }
      const of = (workload: string): AetherRecord[] => decisions.filter((decision) => decision.workload === workload)
      // The rules: critical workloads never drain and move at most half; batch work rides it out.
      expect(of('checkout-api').some((decision) => decision.action === 'migrate')).toBe(true)
      expect(of('checkout-api').every((decision) => decision.action !== 'drain' && Number(decision.riskAllocation) <= 0.5)).toBe(true)
      expect(of('embeddings-backfill').every((decision) => decision.action === 'hold')).toBe(true)
      expect(of('embeddings-backfill').some((decision) => detailsOf(decision).rulesFired.some((rule) => rule.id === 'batch-rides-it-out'))).toBe(true)
      // The guardrails: three workloads move off the GPU pool in us-east-1, at most two an hour, each at most every two hours.
      const held = decisions.filter((decision) => heldBy(decision).length > 0)
      expect(held.every((decision) => decision.action === 'hold' && decision.riskAllocation === 0)).toBe(true)
      expect(held.some((decision) => heldBy(decision).includes('cooldown'))).toBe(true)
      expect(held.some((decision) => heldBy(decision).includes('migration-rate') && decision.region === 'us-east-1')).toBe(true)
      expect(held.map((decision) => decision.explanation).join('\n')).toMatch(/held by guardrail migration-rate \(2 moves in us-east-1 for demo in the last 60 min, at most 2\)/)

      // The ledger holds one action per stored move, under the decision's id, once.
      const actions = await storage.store.actions.list('demo')
      const moves = new Map(decisions.filter((decision) => decision.action !== 'hold').map((decision) => [decision.id, decision]))
      expect(actions).toHaveLength(moves.size)
      for (const action of actions) {
        expect(action).toMatchObject({ state: 'pending', attempts: 0, kind: moves.get(action.id)?.action, workload: moves.get(action.id)?.workload })
      }
    } finally {
      await storage.close()
    }
  }, 120_000)
})
