import { Type } from '@sinclair/typebox'
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { createContractRegistry } from './contract-registry.js'
import { recordId } from './record-id.js'

const header = { source: 'gcp-status', sourceEventId: 'abc/us-east1', contract: 'signal.v1' as const }
const signal = {
  ...header, id: recordId(header), tenant: 'demo', timestamp: '2023-05-01T10:00:00+00:00',
  region: 'us-east1', severity: 'high', summary: 'Compute Engine VM creation failures',
}

describe('ContractRegistry', () => {
  const registry = createContractRegistry()

  it('knows the contracts Aether defines', () => {
    expect(registry.ids()).toEqual(['decision.v1', 'decision.v2', 'enrichment.v1', 'forecast.v1', 'signal.v1', 'telemetry.v1'])
  })

  it('accepts a record that follows its contract', () => {
    expect(registry.check('signal.v1', signal)).toEqual({ isValid: true })
  })

  it('lists every failure with its path', () => {
    const check = registry.check('signal.v1', { ...signal, severity: 'catastrophic', timestamp: 'yesterday', extra: 1 })
    expect(check.isValid).toBe(false)
    const paths = check.isValid ? [] : check.issues.map((issue) => issue.path)
    expect(paths).toEqual(expect.arrayContaining(['/severity', '/timestamp', '/extra']))
  })

  it('refuses a timestamp that looks right but is no date', () => {
    expect(registry.check('signal.v1', { ...signal, timestamp: '2023-02-30T99:00:00Z' }).isValid).toBe(false)
  })

  it('refuses a tenant that could not be used safely in subjects and logs', () => {
    expect(registry.check('signal.v1', { ...signal, tenant: "x'; DROP TABLE records; --" }).isValid).toBe(false)
  })

  it('runs several versions of a contract side by side', () => {
    const withV2 = createContractRegistry().register(Type.Object({ id: Type.String(), v: Type.Literal(2) }, { $id: 'signal.v2' }))
    expect(withV2.check('signal.v1', signal).isValid).toBe(true)
    expect(withV2.check('signal.v2', { id: 'x', v: 2 }).isValid).toBe(true)
  })

  it('refuses to replace a registered contract: a change needs a new id', () => {
    expect(() => createContractRegistry().register(Type.Object({}, { $id: 'signal.v1' }))).toThrow(expect.objectContaining({
      code: 'AETHER_E_CONTRACT_DUPLICATE',
      message: 'Contract "signal.v1" is already registered; a changed contract needs a new id (a new version).',
    }))
  })

  it('refuses a contract schema without an $id, with a coded error', () => {
    expect(() => createContractRegistry().register(Type.Object({}))).toThrow(expect.objectContaining({ code: 'AETHER_E_CONTRACT_ID' }))
  })

  it('names the known contracts when asked for an unknown one', () => {
    expect(() => registry.check('signal.v9', signal)).toThrow(
      'Contract "signal.v9" is not registered; known contracts: decision.v1, decision.v2, enrichment.v1, forecast.v1, signal.v1, telemetry.v1.')
  })

  it('accepts any telemetry sample whose fields have the right types (round trip through JSON)', () => {
    const sample = fc.record({
      region: fc.stringMatching(/^[a-z0-9-]{1,20}$/),
      pool: fc.stringMatching(/^[a-z0-9.-]{1,20}$/),
      value: fc.double({ noNaN: true, noDefaultInfinity: true }),
      ms: fc.integer({ min: 0, max: 4_102_444_800_000 }),
    })
    fc.assert(fc.property(sample, ({ region, pool, value, ms }) => {
      const head = { source: 'trace', sourceEventId: `${pool}/${ms}`, contract: 'telemetry.v1' as const }
      const record = { ...head, id: recordId(head), tenant: 't', timestamp: new Date(ms).toISOString(), region, pool, metric: 'spot_price', value }
      expect(registry.check('telemetry.v1', JSON.parse(JSON.stringify(record)))).toEqual({ isValid: true })
    }))
  })

  it('checks a per-workload decision (decision.v2) with its risk allocation and stored explanation', () => {
    const head = { source: 'policy:rules', sourceEventId: `${'f'.repeat(32)}/checkout`, contract: 'decision.v2' as const }
    const decision = {
      ...head, id: recordId(head), tenant: 'demo', timestamp: '2023-04-30T01:00:00.000Z', region: 'us-east1', pool: 'c3',
      forecastId: 'f'.repeat(32), workload: 'checkout', action: 'migrate', probability: 0.6, confidence: 0.7, riskAllocation: 0.67,
      policy: 'rules@1', explanation: 'migrate checkout',
      details: {
        inputs: { probability: 0.6, horizonMinutes: 60, features: {}, attributes: { tier: 'critical' } }, model: 'heuristic-baseline@1',
        rulesVersion: 'sha256:0123456789abcdef', proposedAction: 'migrate', rulesFired: [], guardrails: [{ name: 'kill-switch', outcome: 'passed', detail: 'off' }],
      },
    }
    expect(registry.check('decision.v2', decision)).toEqual({ isValid: true })
    const check = registry.check('decision.v2', { ...decision, riskAllocation: 1.5, details: { ...decision.details, guardrails: [{ name: 'x', outcome: 'maybe', detail: '' }] } })
    const paths = check.isValid ? [] : check.issues.map((issue) => issue.path)
    expect(paths).toEqual(expect.arrayContaining(['/riskAllocation', '/details/guardrails/0/outcome']))
  })
})
