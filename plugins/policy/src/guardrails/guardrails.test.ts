import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { Value } from '@sinclair/typebox/value'
import { GuardrailSettings } from '../rules/rules-file.js'
import { Guardrails, type Proposal } from './guardrails.js'

const settings = (value: object): GuardrailSettings => Value.Default(GuardrailSettings, value) as GuardrailSettings
const minute = 60_000
const move = (workload: string, atMinutes: number, region = 'us-east1'): Proposal =>
  ({ tenant: 'demo', region, workload, action: 'migrate', atMs: atMinutes * minute })

describe('Guardrails', () => {
  it('never changes a hold', () => {
    expect(new Guardrails().review({ ...move('w', 0), action: 'hold' }, settings({ killSwitch: true }))).toEqual({ action: 'hold', applied: [] })
  })

  it('holds every move while the kill switch is on, naming it', () => {
    const review = new Guardrails().review(move('w', 0), settings({ killSwitch: true }))
    expect(review).toEqual({ action: 'hold', applied: [{ name: 'kill-switch', outcome: 'held', detail: 'the kill switch is on: no workload moves' }] })
  })

  it('holds a workload that moved within its cool-down, and lets it move once the cool-down is over', () => {
    const guardrails = new Guardrails()
    const rules = settings({ cooldownMinutes: 30 })
    expect(guardrails.review(move('w', 0), rules).action).toBe('migrate')
    const during = guardrails.review(move('w', 29), rules)
    expect([during.action, during.applied.at(-1)]).toEqual(['hold', { name: 'cooldown', outcome: 'held', detail: 'moved 29 min ago, cool-down is 30 min' }])
    expect(guardrails.review(move('w', 30), rules).action).toBe('migrate')
  })

  it('lets at most max moves per tenant and region into any sliding window', () => {
    const guardrails = new Guardrails()
    const rules = settings({ migrationRate: { max: 2, windowMinutes: 60 }, cooldownMinutes: 0 })
    const actions = [0, 10, 20, 59, 61, 70, 71].map((at, index) => guardrails.review(move(`w${index}`, at), rules).action)
    // 0 and 10 fill the window; 20 and 59 are held; by 61 the move at 0 has left it, by 70 the one
    // at 10 has (a window is the 60 minutes before a move); at 71 the moves at 61 and 70 fill it.
    expect(actions).toEqual(['migrate', 'migrate', 'hold', 'hold', 'migrate', 'migrate', 'hold'])
  })

  it('restores moves made before a restart into the rate window and the cool-downs, and their reviews for redeliveries', () => {
    const guardrails = new Guardrails()
    const rules = settings({ migrationRate: { max: 2, windowMinutes: 60 }, cooldownMinutes: 30 })
    const past = (workload: string, atMinutes: number, action: 'migrate' | 'hold') =>
      ({ tenant: 'demo', region: 'us-east1', workload, action, atMs: atMinutes * minute, decisionKey: `f${atMinutes}/${workload}`, applied: [] })
    guardrails.restore([past('a', 0, 'migrate'), past('b', 5, 'hold'), past('c', 10, 'migrate')])
    const cooled = guardrails.review(move('a', 20), rules)
    expect([cooled.action, cooled.applied.at(-1)?.detail]).toEqual(['hold', 'moved 20 min ago, cool-down is 30 min'])
    const rated = guardrails.review(move('d', 30), rules)
    expect([rated.action, rated.applied.at(-1)?.name]).toEqual(['hold', 'migration-rate'])
    // A redelivered forecast held before the restart is held again, and not counted.
    expect(guardrails.review({ ...move('b', 5), decisionKey: 'f5/b' }, rules)).toEqual({ action: 'hold', applied: [] })
    expect(guardrails.review(move('d', 61), rules).action).toBe('migrate')
  })

  it('counts each region of a tenant apart', () => {
    const guardrails = new Guardrails()
    const rules = settings({ migrationRate: { max: 1, windowMinutes: 60 } })
    expect(guardrails.review(move('a', 0, 'us-east1'), rules).action).toBe('migrate')
    expect(guardrails.review(move('b', 0, 'us-central1'), rules).action).toBe('migrate')
    expect(guardrails.review(move('c', 1, 'us-east1'), rules).action).toBe('hold')
  })

  it('gives a proposal it has seen before (a redelivered batch) the same review, without counting it again', () => {
    const guardrails = new Guardrails()
    const rules = settings({ migrationRate: { max: 1, windowMinutes: 60 } })
    const first = guardrails.review({ ...move('a', 0), decisionKey: 'f1/a' }, rules)
    expect(guardrails.review({ ...move('a', 0), decisionKey: 'f1/a' }, rules)).toEqual(first)
    expect(first.action).toBe('migrate')
    expect(guardrails.review({ ...move('b', 1), decisionKey: 'f2/b' }, rules).action).toBe('hold')
  })

  it('holds a proposal seen before once the kill switch is on', () => {
    const guardrails = new Guardrails()
    expect(guardrails.review({ ...move('a', 0), decisionKey: 'f1/a' }, settings({})).action).toBe('migrate')
    expect(guardrails.review({ ...move('a', 0), decisionKey: 'f1/a' }, settings({ killSwitch: true })).action).toBe('hold')
  })

  it('never lets more than max moves into any window, whatever the proposals', () => {
    fc.assert(fc.property(
      fc.array(fc.record({ workload: fc.constantFrom('a', 'b', 'c', 'd'), gapMinutes: fc.integer({ min: 0, max: 40 }) }), { maxLength: 60 }),
      fc.integer({ min: 0, max: 5 }),
      (proposals, max) => {
        const guardrails = new Guardrails()
        const rules = settings({ migrationRate: { max, windowMinutes: 60 }, cooldownMinutes: 0 })
        let at = 0
        const moved: number[] = []
        for (const { workload, gapMinutes } of proposals) {
          at += gapMinutes
          if (guardrails.review(move(workload, at), rules).action === 'migrate') moved.push(at)
        }
        for (const start of moved) expect(moved.filter((t) => t >= start && t < start + 60).length).toBeLessThanOrEqual(max)
      },
    ))
  })
})
