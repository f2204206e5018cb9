import { JetStreamApiError } from '@nats-io/jetstream'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { publishHold, retryWhileHeld, type PublishHold } from './publish-retry.js'

// NATS's own errors, as the client raises them (the classification reads their name and code).
const named = (name: string): Error => Object.assign(new Error(`a ${name}`), { name })
const subjectFull = (): Error => new JetStreamApiError({ code: 503, err_code: 10077, description: 'maximum messages per subject exceeded' })

/** Work that fails with `failures` in turn, then answers 'stored'. */
function failingWith(...failures: Error[]): { work: () => Promise<string>; calls: () => number } {
  let calls = 0
  return {
    work: async () => {
      const failure = failures[calls++]
      if (failure !== undefined) throw failure
      return 'stored'
    },
    calls: () => calls,
  }
}

describe('publishHold', () => {
  it('tells a full subject, a lost stream and an absent server from real errors', () => {
    expect(publishHold(subjectFull())).toBe('full')
    expect(publishHold(named('JetStreamNotEnabled'))).toBe('no-stream')
    expect(['TimeoutError', 'ConnectionError', 'RequestError'].map((name) => publishHold(named(name)))).toEqual(['unavailable', 'unavailable', 'unavailable'])
    expect(publishHold(new JetStreamApiError({ code: 400, err_code: 10060, description: 'expected stream does not match' }))).toBeUndefined()
    expect(publishHold(new Error('payload too large'))).toBeUndefined()
  })
})

describe('retryWhileHeld', () => {
  it('waits out each hold and returns what the first attempt that succeeds gives', async () => {
    const holds: Array<[PublishHold, number]> = []
    const { work, calls } = failingWith(subjectFull(), named('TimeoutError'), named('JetStreamNotEnabled'))
    const result = await retryWhileHeld(work, { waitsOut: () => true, onHold: (hold, attempt) => { holds.push([hold, attempt]) } })
    expect(result).toBe('stored')
    expect(calls()).toBe(4)
    expect(holds).toEqual([['full', 1], ['unavailable', 2], ['no-stream', 3]])
  })

  it('throws a failure that is not a hold at once, untouched', async () => {
    const failure = new Error('payload too large')
    const { work, calls } = failingWith(failure)
    await expect(retryWhileHeld(work, { waitsOut: () => true })).rejects.toBe(failure)
    expect(calls()).toBe(1)
  })

  it('throws a hold the policy does not wait out', async () => {
    const full = subjectFull()
    const { work, calls } = failingWith(named('TimeoutError'), full)
    await expect(retryWhileHeld(work, { waitsOut: (hold) => hold === 'unavailable' })).rejects.toBe(full)
    expect(calls()).toBe(2)
  })

  it('doubles its pause after each held attempt, from 5 ms up to half a second', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'Date'] })
    const calledAt: number[] = []
    const { work } = failingWith(...Array.from({ length: 9 }, subjectFull))
    const result = retryWhileHeld(async () => { calledAt.push(Date.now()); return work() }, { waitsOut: () => true })
    await vi.runAllTimersAsync()
    expect(await result).toBe('stored')
    expect(calledAt.slice(1).map((at, index) => at - (calledAt[index] ?? 0))).toEqual([5, 10, 20, 40, 80, 160, 320, 500, 500])
  })

  afterEach(() => { vi.useRealTimers() })
})
