import { createContractRegistry } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { parseRules } from './rules/load-rules.js'
import { RulesPolicy } from './rules-policy.js'
import { forecastOf } from '../test/forecast-of.js'

const rules = (value: object) => parseRules(JSON.stringify({ version: 1, ...value }), 'rules.json')
const open = { guardrails: { migrationRate: { max: 1000 }, cooldownMinutes: 0 } }
const workloads = [
  { id: 'checkout', pool: 'c3-highcpu-88', attributes: { tier: 'critical' } },
  { id: 'nightly-etl', pool: 'c3-highcpu-88', attributes: { tier: 'batch' } },
]

describe('RulesPolicy', () => {
  it('decides every workload on the forecast pool, the pool taking the most severe action', () => {
    const policy = new RulesPolicy(rules({
      ...open, rules: [{ id: 'critical-moves-early', when: { workload: { tier: ['critical'] } }, then: { migrateAt: 0.3 } }],
    }), workloads)
    const decision = policy.decide(forecastOf(0.4))
    expect(decision.workloads?.map((w) => [w.workload, w.action])).toEqual([['checkout', 'migrate'], ['nightly-etl', 'hold']])
    expect(decision.action).toBe('migrate')
    expect(decision.policy).toBe('rules@1')
  })

  it('decides a pool with no listed workload as one workload named after its place', () => {
    const decision = new RulesPolicy(rules(open)).decide(forecastOf(0.9))
    expect(decision.workloads?.map((w) => [w.workload, w.action])).toEqual([['us-east1-b/c3-highcpu-88', 'drain']])
  })

  it('moves half of a workload at the migrate threshold, more as the risk nears the drain threshold, all on drain', () => {
    const policy = new RulesPolicy(rules(open))
    expect([0.2, 0.5, 0.65, 0.8].map((p) => policy.decide(forecastOf(p, { timestamp: `2023-04-30T0${Math.round(p * 10)}:00:00.000Z` })).workloads?.[0]?.riskAllocation))
      .toEqual([0, 0.5, 0.75, 1])
  })

  it('caps the action and the risk allocation where a rule says so', () => {
    const policy = new RulesPolicy(rules({
      ...open, rules: [{ id: 'critical-never-drains', when: { workload: { tier: ['critical'] } }, then: { maxAction: 'migrate', maxRiskAllocation: 0.6 } }],
    }), workloads)
    const [checkout, etl] = policy.decide(forecastOf(0.95)).workloads ?? []
    expect([checkout?.action, checkout?.riskAllocation, etl?.action, etl?.riskAllocation]).toEqual(['migrate', 0.6, 'drain', 1])
  })

  it('stores with each decision its inputs, model, rules version, rules fired and guardrails applied', () => {
    const loaded = rules({ ...open, rules: [{ id: 'us-east1-cautious', when: { region: ['us-east1'] }, then: { migrateAt: 0.4 } }] })
    const [decision] = new RulesPolicy(loaded).decide(forecastOf(0.45)).workloads ?? []
    expect(decision?.details).toEqual({
      inputs: { probability: 0.45, horizonMinutes: 60, features: { unavailableShare: 0.4 }, attributes: {} },
      model: 'heuristic-baseline@1',
      rulesVersion: loaded.version,
      proposedAction: 'migrate',
      rulesFired: [{ id: 'us-east1-cautious', effect: 'migrateAt=0.4' }],
      guardrails: [
        { name: 'kill-switch', outcome: 'passed', detail: 'off' },
        { name: 'cooldown', outcome: 'passed', detail: 'never moved' },
        { name: 'migration-rate', outcome: 'passed', detail: '1 of 1000 in 60 min' },
      ],
    })
    expect(decision?.explanation).toBe('migrate us-east1-b/c3-highcpu-88: P(preemption within 60 min) for c3-highcpu-88 in us-east1-b is 0.450, ' +
      'migrate from 0.4, drain from 0.8, at most drain; rules fired: us-east1-cautious (model heuristic-baseline@1).')
  })

  it('is least confident at a threshold and fully confident far from both', () => {
    const policy = new RulesPolicy(rules(open))
    expect(policy.decide(forecastOf(0.5)).workloads?.[0]?.confidence).toBe(0.5)
    expect(policy.decide(forecastOf(0.0, { pool: 'other' })).workloads?.[0]?.confidence).toBe(1)
  })

  it('makes decisions that, with the stage header, follow decision.v2', () => {
    const forecast = forecastOf(0.7)
    const [decision] = new RulesPolicy(rules(open), workloads).decide(forecast).workloads ?? []
    const record = {
      id: 'b'.repeat(32), tenant: 'demo', contract: 'decision.v2', source: 'policy:rules', sourceEventId: `${forecast.id}/checkout`,
      timestamp: forecast.timestamp, region: forecast.region, zone: forecast.zone, pool: forecast.pool, forecastId: forecast.id,
      probability: forecast.probability, ...decision,
    }
    expect(createContractRegistry().check('decision.v2', record)).toEqual({ isValid: true })
  })
})
