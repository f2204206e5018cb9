import { describe, expect, it } from 'vitest'
import type { AetherRecord } from '@aether/plugin-api'
import { actionsFromDecisions } from './action.js'

const decision = (fields: Record<string, unknown>): AetherRecord => ({
  id: 'a'.repeat(32), tenant: 'demo', contract: 'decision.v2', source: 'policy:rules', sourceEventId: 'x', timestamp: '2023-04-30T01:00:00.000Z',
  region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', forecastId: 'f'.repeat(32), workload: 'checkout', action: 'migrate',
  riskAllocation: 0.75, policy: 'rules@1', ...fields,
})

describe('actionsFromDecisions', () => {
  it('makes an action of each migrate and drain, none of a hold or another record', () => {
    const actions = actionsFromDecisions([
      decision({}), decision({ id: 'b'.repeat(32), action: 'hold' }), decision({ id: 'c'.repeat(32), action: 'drain', riskAllocation: 1 }),
      { id: 'd'.repeat(32), tenant: 'demo', contract: 'forecast.v1' },
    ])
    expect(actions).toEqual([
      { id: 'a'.repeat(32), workload: 'checkout', kind: 'migrate', decision: { region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', riskAllocation: 0.75, forecastId: 'f'.repeat(32), policy: 'rules@1' } },
      { id: 'c'.repeat(32), workload: 'checkout', kind: 'drain', decision: { region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', riskAllocation: 1, forecastId: 'f'.repeat(32), policy: 'rules@1' } },
    ])
  })

  it('names the workload of a decision.v1 after its pool', () => {
    const [action] = actionsFromDecisions([decision({ contract: 'decision.v1', workload: undefined, riskAllocation: undefined, action: 'drain' })])
    expect([action?.workload, action?.decision.riskAllocation]).toEqual(['us-east1-b/c3-highcpu-88', 1])
  })
})
