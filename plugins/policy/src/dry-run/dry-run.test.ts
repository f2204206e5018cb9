import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgliteStorage, type PgliteStorage } from '@aether/plugin-storage-pglite'
import { parseRules } from '../rules/load-rules.js'
import { RulesPolicy } from '../rules-policy.js'
import { ThresholdPolicy } from '../threshold-policy.js'
import { forecastOf } from '../../test/forecast-of.js'
import { describeDryRun, dryRun } from './dry-run.js'

const hours = ['00', '01', '02', '03']
const forecasts = hours.map((hour, index) => forecastOf([0.2, 0.45, 0.6, 0.9][index] ?? 0, { timestamp: `2023-04-30T${hour}:00:00.000Z` }))
const context = { tenant: 'demo', signal: new AbortController().signal, logger: undefined as never, traceId: 't' }
// The forecasts are one pool's, an hour apart: without this the candidate's cool-down would hold its second move.
const noCooldown = { cooldownMinutes: 0 }
const window = { tenant: 'demo', from: '2023-01-01T00:00:00Z', to: '2024-01-01T00:00:00Z', last: 1000 }

describe('dryRun', () => {
  let storage: PgliteStorage
  beforeAll(async () => {
    storage = await openPgliteStorage('memory://')
    await storage.store.writeBatch('demo', forecasts as never)
  })
  afterAll(async () => { await storage.close() })

  it('replays stored forecasts through the live policy and the candidate and lists each decision that differs', async () => {
    const candidate = new RulesPolicy(parseRules(JSON.stringify({ version: 1, defaults: { migrateAt: 0.4, drainAt: 0.85 }, guardrails: noCooldown }), 'candidate.json'))
    const report = await dryRun(storage.store, new ThresholdPolicy({ migrateAt: 0.5, drainAt: 0.8 }), candidate, context, window)
    expect([report.forecasts, report.compared, report.changed, report.transitions]).toEqual([4, 4, 1, { 'hold→migrate': 1 }])
    expect(report.changes.map((change) => [change.timestamp, change.workload, change.live, change.candidate])).toEqual([
      ['2023-04-30T01:00:00.000Z', 'us-east1-b/c3-highcpu-88', 'hold', 'migrate'],
    ])
    expect(report.live).toEqual({ policy: 'threshold@1', actions: { hold: 2, migrate: 1, drain: 1 } })
    expect(report.candidate).toMatchObject({ policy: 'rules@1', actions: { hold: 1, migrate: 2, drain: 1 } })
  })

  it('shows a guardrail of the candidate as a change: a kill switch holds every move', async () => {
    const candidate = new RulesPolicy(parseRules('{"version":1,"guardrails":{"killSwitch":true}}', 'candidate.json'))
    const report = await dryRun(storage.store, new ThresholdPolicy({ migrateAt: 0.5, drainAt: 0.8 }), candidate, context, window)
    expect(report.transitions).toEqual({ 'migrate→hold': 1, 'drain→hold': 1 })
    expect(describeDryRun(report)).toContain('- drain + hold  2023-04-30T03:00:00.000Z us-east1-b us-east1-b/c3-highcpu-88 P=0.900: hold us-east1-b/c3-highcpu-88')
  })

  it('replays only the most recent forecasts when asked for the last few', async () => {
    const candidate = new RulesPolicy(parseRules(JSON.stringify({ version: 1, guardrails: noCooldown }), 'candidate.json'))
    const report = await dryRun(storage.store, new ThresholdPolicy({ migrateAt: 0.5, drainAt: 0.8 }), candidate, context, { ...window, last: 2 })
    expect([report.forecasts, report.compared, report.changed]).toEqual([2, 2, 0])
  })
})
