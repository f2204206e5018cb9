import { describe, expect, it } from 'vitest'
import { CircuitBreaker, type BreakerTransition } from './circuit-breaker.js'

function breaker(config = { consecutiveFailures: 3, coolDownMs: 1_000 }) {
  let nowMs = 1_700_000_000_000
  const transitions: BreakerTransition[] = []
  const subject = new CircuitBreaker('flaky', config, (t) => transitions.push(t), () => nowMs)
  const fail = (times: number) => {
    for (let i = 0; i < times; i += 1) {
      expect(subject.admit().isAdmitted).toBe(true)
      subject.failed('AETHER_E_SANDBOX_ADAPTER_THREW')
    }
  }
  return { subject, transitions, fail, advance: (ms: number) => { nowMs += ms } }
}

describe('CircuitBreaker', () => {
  it('stays closed below the threshold, and a success resets the count', () => {
    const { subject, transitions, fail } = breaker()
    fail(2)
    subject.admit()
    subject.succeeded()
    fail(2)
    expect(subject.state).toBe('closed')
    expect(transitions).toEqual([])
  })

  it('opens at the threshold of failed calls in a row and refuses calls with a reason', () => {
    const { subject, transitions, fail } = breaker()
    fail(3)
    expect(subject.state).toBe('open')
    expect(transitions).toMatchObject([{ adapter: 'flaky', from: 'closed', to: 'open', reason: '3 failed calls in a row, the last with AETHER_E_SANDBOX_ADAPTER_THREW' }])
    const refused = subject.admit()
    expect(refused.isAdmitted).toBe(false)
    expect(!refused.isAdmitted && refused.reason).toMatch(/^circuit breaker of adapter "flaky" is open \(3 failed calls in a row, the last with AETHER_E_SANDBOX_ADAPTER_THREW\); a probe call goes through after 2023-11-14T22:13:21.000Z$/)
  })

  it('after the cool-down lets exactly one probe through; its success closes the breaker', () => {
    const { subject, transitions, fail, advance } = breaker()
    fail(3)
    advance(999)
    expect(subject.admit().isAdmitted).toBe(false)
    advance(1)
    expect(subject.admit()).toEqual({ isAdmitted: true, isProbe: true })
    expect(subject.state).toBe('half-open')
    expect(subject.admit()).toMatchObject({ isAdmitted: false, reason: 'circuit breaker of adapter "flaky" is half-open and a probe call is running' })
    subject.succeeded()
    expect(subject.state).toBe('closed')
    expect(transitions.map((t) => `${t.from}>${t.to}`)).toEqual(['closed>open', 'open>half-open', 'half-open>closed'])
    expect(subject.admit()).toEqual({ isAdmitted: true, isProbe: false })
  })

  it('opens again for a whole cool-down when the probe fails', () => {
    const { subject, transitions, fail, advance } = breaker()
    fail(3)
    advance(1_000)
    subject.admit()
    advance(10)
    subject.failed('AETHER_E_SANDBOX_TIMEOUT')
    expect(subject.state).toBe('open')
    expect(transitions.at(-1)).toMatchObject({ from: 'half-open', to: 'open', reason: 'the probe call failed with AETHER_E_SANDBOX_TIMEOUT' })
    advance(999)
    expect(subject.admit()).toMatchObject({ isAdmitted: false, reason: expect.stringContaining('is open (the probe call failed with AETHER_E_SANDBOX_TIMEOUT)') })
    advance(1)
    expect(subject.admit()).toEqual({ isAdmitted: true, isProbe: true })
  })

  it('lets another probe through when one was abandoned without an outcome', () => {
    const { subject, fail, advance } = breaker()
    fail(3)
    advance(1_000)
    subject.admit()
    subject.abandoned()
    expect(subject.state).toBe('half-open')
    expect(subject.admit()).toEqual({ isAdmitted: true, isProbe: true })
  })
})
