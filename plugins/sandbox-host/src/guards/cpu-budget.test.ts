import { describe, expect, it } from 'vitest'
import { CpuBudget } from './cpu-budget.js'

describe('CpuBudget', () => {
  const at = (iso: string) => Date.parse(iso)

  it('lets calls through until the day\'s CPU ms are spent; the call that crosses the line completes', () => {
    let now = at('2026-12-01T10:00:00.000Z')
    const budget = new CpuBudget(100, () => now)
    budget.charge(60)
    expect(budget.refusal()).toBeUndefined()
    budget.charge(45)
    expect(budget.spentMs).toBe(105)
    expect(budget.refusal()).toBe('daily CPU budget spent (105 of 100 ms on 2026-12-01 UTC); calls resume at 2026-12-02T00:00:00.000Z')
    now = at('2026-12-01T23:59:59.999Z')
    expect(budget.refusal()).toMatch(/^daily CPU budget spent/)
  })

  it('starts afresh at the next UTC day', () => {
    let now = at('2026-12-01T23:00:00.000Z')
    const budget = new CpuBudget(10, () => now)
    budget.charge(10)
    expect(budget.refusal()).toBeDefined()
    now = at('2026-12-02T00:00:00.000Z')
    expect(budget.refusal()).toBeUndefined()
    expect(budget.spentMs).toBe(0)
  })

  it('adds what stored usage says was spent elsewhere today, the latest reading only, and ignores another day\'s', () => {
    const budget = new CpuBudget(100, () => at('2026-12-01T10:00:00.000Z'))
    budget.spentElsewhere('2026-11-30', 500)
    expect(budget.refusal()).toBeUndefined()
    budget.spentElsewhere('2026-12-01', 40)
    budget.spentElsewhere('2026-12-01', 90)
    budget.charge(15)
    expect(budget.spentMs).toBe(105)
    expect(budget.refusal()).toMatch(/^daily CPU budget spent \(105 of 100 ms on 2026-12-01 UTC\)/)
  })
})
