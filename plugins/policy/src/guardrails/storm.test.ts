import { describe, expect, it } from 'vitest'
import { parseRules } from '../rules/load-rules.js'
import { RulesPolicy } from '../rules-policy.js'
import { forecastOf } from '../../test/forecast-of.js'

// A storm: every pool of one tenant in two regions forecast at P(preemption) 0.97, each hour for 3 hours.
const regions = ['us-east1', 'us-central1']
const pools = Array.from({ length: 25 }, (_, index) => `pool-${index}`)
const storm = [0, 1, 2].flatMap((hour) => regions.flatMap((region) => pools.map((pool) =>
  forecastOf(0.97, { region, zone: `${region}-b`, pool, timestamp: `2023-04-30T0${hour}:00:00.000Z` }))))

describe('a storm of high-risk forecasts', () => {
  const rules = parseRules(JSON.stringify({
    version: 1, guardrails: { migrationRate: { max: 5, windowMinutes: 60 }, cooldownMinutes: 180 },
  }), 'rules.json')
  const decisions = new RulesPolicy(rules).decideBatch(storm, undefined as never)
    .then((results) => results.flatMap((result) => (result.isOk ? result.value.workloads ?? [] : [])))

  it('becomes a bounded number of moves: at most 5 per region per hour', async () => {
    const moves = (await decisions).filter((decision) => decision.action !== 'hold')
    expect(storm).toHaveLength(150)
    expect(moves).toHaveLength(3 * regions.length * 5)
  })

  it('holds the rest, each naming the guardrail that held it', async () => {
    const holds = (await decisions).filter((decision) => decision.action === 'hold')
    expect(holds).toHaveLength(150 - 30)
    const heldBy = (name: string) => holds.filter((decision) => decision.details.guardrails.at(-1)?.name === name).length
    // Per region: the rate holds 20, 15 and 10 in hours 0, 1 and 2; the cool-down holds the 5 and 10 that moved before.
    expect([heldBy('migration-rate'), heldBy('cooldown')]).toEqual([90, 30])
    expect(holds.every((decision) => decision.details.proposedAction === 'drain' && decision.riskAllocation === 0)).toBe(true)
    expect(holds[0]?.explanation).toContain('drain held by guardrail migration-rate (5 moves in us-east1 for demo in the last 60 min, at most 5)')
  })

  it('moves each workload once: the cool-down holds the ones that already moved', async () => {
    const moved = (await decisions).filter((decision) => decision.action !== 'hold').map((decision) => decision.workload)
    expect(new Set(moved).size).toBe(moved.length)
  })
})
