import fc from 'fast-check'
import { Value } from '@sinclair/typebox/value'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { openPgliteStorage, type PgliteStorage } from '@aether/plugin-storage-pglite'
import { SqlMoveAdmission } from '@aether/storage-sql'
import { parseRules } from '../rules/load-rules.js'
import { GuardrailSettings } from '../rules/rules-file.js'
import { RulesPolicy } from '../rules-policy.js'
import { forecastOf } from '../../test/forecast-of.js'
import { Guardrails, type Proposal } from './guardrails.js'
import { SharedGuardrails } from './shared-guardrails.js'

const minute = 60_000
const settings = (value: object): GuardrailSettings => Value.Default(GuardrailSettings, value) as GuardrailSettings

describe('SharedGuardrails (on PGlite)', () => {
  let storage: PgliteStorage
  let admission: SqlMoveAdmission
  let tenants = 0
  // Each test (and each property run) in a tenant of its own: the database is shared.
  const freshTenant = () => `tenant-${++tenants}`
  beforeAll(async () => {
    storage = await openPgliteStorage('memory://')
    admission = new SqlMoveAdmission(storage.executor)
  })
  afterAll(async () => { await storage.close() })

  it('reviews proposals in event-time order exactly as the in-memory guardrails do, explanations included', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.record({
        workload: fc.constantFrom('a', 'b', 'c'), region: fc.constantFrom('us-east1', 'us-central1'),
        gapMinutes: fc.integer({ min: 0, max: 40 }), action: fc.constantFrom('migrate', 'drain', 'hold'), isRedelivery: fc.boolean(),
      }), { maxLength: 25 }),
      fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 90 }),
      async (steps, max, cooldownMinutes) => {
        const tenant = freshTenant()
        const rules = settings({ migrationRate: { max, windowMinutes: 60 }, cooldownMinutes })
        let atMinutes = 0
        const proposals: Proposal[] = []
        for (const step of steps) {
          // A redelivery repeats the previous proposal, key and all.
          const previous = proposals.at(-1)
          if (step.isRedelivery && previous !== undefined) { proposals.push(previous); continue }
          atMinutes += step.gapMinutes
          proposals.push({ tenant, region: step.region, workload: step.workload, action: step.action, atMs: atMinutes * minute, decisionKey: `f${proposals.length}/${step.workload}` })
        }
        const inMemory = new Guardrails()
        const expected = proposals.map((proposal) => inMemory.review(proposal, rules))
        // Shared: in batches of three, as a consumer's deliveries come.
        const shared = new SharedGuardrails(admission)
        const reviews = []
        for (let start = 0; start < proposals.length; start += 3) reviews.push(...await shared.reviewBatch(proposals.slice(start, start + 3), rules))
        expect(reviews).toEqual(expected)
      },
    ), { numRuns: 40 })
  })

  it('holds every move while the kill switch is on without counting it', async () => {
    const tenant = freshTenant()
    const shared = new SharedGuardrails(admission)
    const proposal: Proposal = { tenant, region: 'us-east1', workload: 'w', action: 'drain', atMs: 0, decisionKey: 'f1/w' }
    const [held] = await shared.reviewBatch([proposal], settings({ killSwitch: true, migrationRate: { max: 1 } }))
    expect(held?.applied).toEqual([{ name: 'kill-switch', outcome: 'held', detail: 'the kill switch is on: no workload moves' }])
    const [after] = await shared.reviewBatch([{ ...proposal, decisionKey: 'f2/w' }], settings({ migrationRate: { max: 1 } }))
    expect(after?.action).toBe('drain')
  })

  it('explains a cool-down held by a move decided first for a later forecast', async () => {
    const tenant = freshTenant()
    const shared = new SharedGuardrails(admission)
    const rules = settings({ cooldownMinutes: 60 })
    const at = (minutes: number, key: string): Proposal => ({ tenant, region: 'us-east1', workload: 'w', action: 'migrate', atMs: minutes * minute, decisionKey: key })
    await shared.reviewBatch([at(30, 'later')], rules)
    const [earlier] = await shared.reviewBatch([at(10, 'earlier')], rules)
    expect(earlier?.applied.at(-1)).toEqual({ name: 'cooldown', outcome: 'held', detail: 'moved 20 min after this forecast, cool-down is 60 min' })
  })

  it('lets two rules policies on one database move a storm\'s workloads within one rate and one cool-down', async () => {
    const tenant = freshTenant()
    const rules = parseRules(JSON.stringify({
      version: 1, guardrails: { migrationRate: { max: 5, windowMinutes: 60 }, cooldownMinutes: 180 },
    }), 'rules.json')
    const pools = Array.from({ length: 25 }, (_, index) => `pool-${index}`)
    const storm = [0, 1, 2].flatMap((hour) => pools.map((pool) =>
      forecastOf(0.97, { tenant, pool, timestamp: `2023-04-30T0${hour}:00:00.000Z` })))
    const consumers = [new RulesPolicy(rules), new RulesPolicy(rules)]
    for (const consumer of consumers) consumer.shareGuardrails(admission)
    // Each consumer gets every other forecast of each hour, and then the other's (a redelivery), at once.
    const decided = await Promise.all(consumers.map((consumer, index) => Promise.all([0, 1, 2].map(async (hour) => {
      const ofHour = storm.filter((forecast) => forecast.timestamp.startsWith(`2023-04-30T0${hour}`))
      const mine = ofHour.filter((_, at) => at % 2 === index)
      const theirs = ofHour.filter((_, at) => at % 2 !== index)
      return [...await consumer.decideBatch(mine, undefined as never), ...await consumer.decideBatch(theirs, undefined as never)]
    }))))
    const decisions = decided.flat(2).flatMap((result) => (result.isOk ? result.value.workloads ?? [] : []))
    expect(decisions).toHaveLength(2 * storm.length)
    const { rows } = await storage.executor.query<{ count: number }>(
      "SELECT count(*)::int AS count FROM move_admissions WHERE tenant = $1 AND outcome = 'admitted'", [tenant])
    // Five per hour for three hours, and never one workload twice: the cool-down holds the ones that moved.
    expect(Number(rows[0]?.count)).toBe(15)
    // A redelivered forecast got the decision it got the first time: 15 distinct workloads moved, each decided twice alike.
    const moves = decisions.filter((decision) => decision.action !== 'hold').map((decision) => decision.workload)
    expect([moves.length, new Set(moves).size]).toEqual([30, 15])
  })
})
