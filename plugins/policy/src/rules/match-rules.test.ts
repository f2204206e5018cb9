import { describe, expect, it } from 'vitest'
import { parseRules } from './load-rules.js'
import { matches, settingsFor } from './match-rules.js'

const subject = { tenant: 'demo', region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', attributes: { tier: 'critical', replicas: 3 } }

describe('rule conditions', () => {
  it('match when every condition given holds, any listed value counting', () => {
    expect(matches({}, subject)).toBe(true)
    expect(matches({ tenant: ['demo', 'other'], region: ['us-east1'], workload: { tier: ['critical'], replicas: [3] } }, subject)).toBe(true)
    expect(matches({ tenant: ['demo'], region: ['us-central1'] }, subject)).toBe(false)
  })

  it('do not match an attribute the workload lacks, nor a zone a regional forecast lacks', () => {
    expect(matches({ workload: { owner: ['sre'] } }, subject)).toBe(false)
    expect(matches({ zone: ['us-east1-b'] }, { ...subject, zone: undefined })).toBe(false)
  })
})

describe('settingsFor', () => {
  it('applies every matching rule in file order, later ones overriding, and lists what each set', () => {
    const { rules } = parseRules(JSON.stringify({
      version: 1, rules: [
        { id: 'region-cautious', when: { region: ['us-east1'] }, then: { migrateAt: 0.4, drainAt: 0.7 } },
        { id: 'other-tenant', when: { tenant: ['acme'] }, then: { maxAction: 'hold' } },
        { id: 'critical', when: { workload: { tier: ['critical'] } }, then: { migrateAt: 0.3, maxAction: 'migrate' } },
      ],
    }), 'rules.json')
    expect(settingsFor(rules, subject)).toEqual({
      migrateAt: 0.3, drainAt: 0.7, maxAction: 'migrate', maxRiskAllocation: 1,
      fired: [{ id: 'region-cautious', effect: 'migrateAt=0.4, drainAt=0.7' }, { id: 'critical', effect: 'migrateAt=0.3, maxAction=migrate' }],
    })
  })
})
