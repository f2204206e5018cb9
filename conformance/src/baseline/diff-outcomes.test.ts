import { describe, expect, it } from 'vitest'
import { diffOutcomes } from './diff-outcomes.js'

describe('the behaviour changes between two versions', () => {
  it('names ids only one version returned and fields the candidate dropped', () => {
    const baseline = { items: [{ key: 'a', isOk: true, value: { model: 'm@1', features: { ratio: 0.5, samples: 4 } } }, { key: 'b', isOk: false, error: 'no' }] }
    const candidate = { items: [{ key: 'a', isOk: true, value: { model: 'm@1', features: { ratio: 0.5 } } }, { key: 'c', isOk: true, value: { model: 'm@1' } }] }
    const changes = diffOutcomes(baseline, candidate)
    expect(changes.changedIds).toEqual({ count: 2, examples: ['b: only the baseline returned it', 'c: only the candidate returned it'] })
    expect(changes.removedFields).toEqual({ count: 1, examples: ['a: features.samples (was 4)'] })
    expect(changes.addedFields.count + changes.changedValues.count + changes.changedRouting.count).toBe(0)
    expect(changes.errorRate).toEqual({ baseline: 0.5, candidate: 0 })
  })

  it('finds nothing between a version and itself', () => {
    const outcome = { items: [{ key: 'a', isOk: true, value: { nested: { deep: [1, 2] } } }] }
    const changes = diffOutcomes(outcome, structuredClone(outcome))
    expect([changes.changedIds, changes.changedRouting, changes.addedFields, changes.removedFields, changes.changedValues].map((change) => change.count)).toEqual([0, 0, 0, 0, 0])
  })
})
