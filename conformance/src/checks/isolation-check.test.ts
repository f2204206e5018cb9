import { describe, expect, it } from 'vitest'
import { batchOutcome, outcomeText } from '../run/batch-outcome.js'
import { tenants } from '../run/harness-host.js'
import { compareTenantRuns } from './isolation-check.js'

// The comparison itself, on outputs a leak would give. Against the sandbox host (a fresh context
// per call, kv per tenant) the leak left is a far side keeping state across tenants, which the
// self-test's broken adapter uses (test/broken/shared-counter.js); these cases cover the others.
const item = (key: string, model: string) => ({ key, isOk: true, value: { model } })
const text = (...items: ReturnType<typeof item>[]) => outcomeText(batchOutcome(items))

describe('the isolation comparison', () => {
  it('passes when tenant B gets the same output after tenant A as alone', () => {
    const alone = text(item('1', 'm'), item('2', 'm'))
    expect(compareTenantRuns(alone, alone, alone).status).toBe('pass')
  })

  it('fails when tenant B\'s output names tenant A', () => {
    const alone = text(item('1', 'm'))
    const leaked = text(item('1', `seen ${tenants.a}/1`))
    expect(compareTenantRuns(leaked, alone, alone)).toMatchObject({ status: 'fail', evidence: [expect.stringContaining(`names tenant ${tenants.a}`)] })
  })

  it('fails when what tenant A left changes tenant B\'s output of a deterministic adapter', () => {
    const alone = text(item('1', 'earlier:0'))
    expect(compareTenantRuns(text(item('1', 'earlier:1')), alone, alone)).toMatchObject({ status: 'fail' })
  })

  it('compares only the routing of an adapter whose values vary from run to run', () => {
    const varying = (value: number) => text(item('1', String(value)))
    expect(compareTenantRuns(varying(1), varying(2), varying(3))).toMatchObject({ status: 'pass', evidence: [expect.any(String), expect.stringContaining('only the routing')] })
    const refused = outcomeText(batchOutcome([{ key: '1', isOk: false, error: 'no' } as never]))
    expect(compareTenantRuns(refused, varying(2), varying(3)).status).toBe('fail')
  })
})
