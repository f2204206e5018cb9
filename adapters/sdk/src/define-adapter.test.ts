import { describe, expect, it } from 'vitest'
import { defineEnricher } from './enricher.js'
import { defineSource } from './source.js'

describe('the define helpers', () => {
  it('give the interface the sandbox calls: a name and process', async () => {
    const adapter = defineEnricher({ name: 'probe', process: (signals) => signals.map((s) => ({ id: s.id, tenant: s.tenant, error: 'skip' })) })
    expect(adapter.name).toBe('probe')
    expect(Object.isFrozen(adapter)).toBe(true)
    expect(await adapter.process([], { tenant: 't', log: () => {} })).toEqual([])
  })

  it('refuse a name the manifest would refuse, when the author builds rather than at the first batch', () => {
    expect(() => defineEnricher({ name: 'My Enricher', process: () => [] })).toThrow(/must be lowercase letters/)
  })

  it('refuse a definition with no function to call', () => {
    expect(() => defineSource({ name: 'feed', poll: undefined as never })).toThrow('source "feed" needs a poll(cursor, ctx) function')
  })
})
