import { readFileSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { readAdapter } from '../../src/read-adapter.js'
import { SandboxedAdapter } from '../../src/sandboxed-adapter.js'
import { SandboxedEnricher } from '../../src/sandboxed-enricher.js'
import { SandboxPool } from '../../src/sandbox-pool.js'
import { adapterInstaller, recordingLogger, signal, stageContext, testLimits } from '../install-adapter.js'

// One pool for the whole file (starting sandbox processes is the slow part); real isolated-vm in
// real child processes. The test process is the host: it must survive everything below.
const install = adapterInstaller()
const maxima = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024, cpuMsPerDay: 3_600_000 }
const logLimits = { maxLinesPerCall: 5, maxLineChars: 200 }
const pool = new SandboxPool(2, recordingLogger())
const hostPid = process.pid

async function enricher(bundle: string, manifest: Record<string, unknown> = {}): Promise<SandboxedEnricher> {
  const adapter = await readAdapter(await install(bundle, manifest), maxima)
  return new SandboxedEnricher(new SandboxedAdapter(adapter, pool, logLimits))
}

function isolatedVmLoadedHere(): boolean {
  return readFileSync('/proc/self/maps', 'utf8').includes('isolated_vm')
}

let wellBehaved: SandboxedEnricher

/** What every hostile test checks afterwards: the same host, and a good adapter still works. */
async function expectHostUnharmed(): Promise<void> {
  expect(process.pid).toBe(hostPid)
  expect(isolatedVmLoadedHere()).toBe(false)
  const results = await wellBehaved.enrichBatch([signal(1), signal(2)], stageContext())
  expect(results.map((result) => result.isOk)).toEqual([true, true])
}

beforeAll(async () => {
  await pool.start()
  wellBehaved = await enricher('well-behaved')
})
afterAll(() => pool.stop())

describe('a sandboxed enricher', () => {
  it('enriches each signal with what the adapter computed, and passes its logs to the stage logger', async () => {
    const logger = recordingLogger()
    const results = await wellBehaved.enrichBatch([signal(1), signal(2, 'lab', 'all good')], stageContext('lab', logger))
    expect(results).toEqual([
      { isOk: true, value: { vNews: { sentiment: -0.5, volatilityLikelihood: 0.5 }, bCapacity: 0.7, model: 'well-behaved@1' } },
      { isOk: true, value: { vNews: { sentiment: 0, volatilityLikelihood: 0.5 }, bCapacity: 0, model: 'well-behaved@1' } },
    ])
    expect(logger.lines).toContainEqual(expect.objectContaining({ adapter: 'well-behaved', adapterLog: 'enriching 2 signals for lab' }))
  })

  it('runs in sandbox processes, never loading isolated-vm into the host process', async () => {
    expect(pool.pids()).toHaveLength(2)
    expect(pool.pids()).not.toContain(hostPid)
    expect(isolatedVmLoadedHere()).toBe(false)
  })

  it('caps log lines per call and says how many it dropped', async () => {
    const logger = recordingLogger()
    const results = await (await enricher('log-flood')).enrichBatch([signal(1)], stageContext('lab', logger))
    expect(results[0]?.isOk).toBe(true)
    const logged = logger.lines.filter((line) => line.adapter === 'log-flood' && typeof line.adapterLog === 'string').map((line) => line.adapterLog)
    expect(logged).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'dropped 9995 log lines'])
  })
})

// Each hostile adapter: the code and reason every signal of its batch fails with.
const hostile: Array<[string, string, RegExp]> = [
  ['sync-loop', 'AETHER_E_SANDBOX_TIMEOUT', /did not finish within 400 ms/],
  ['never-settles', 'AETHER_E_SANDBOX_TIMEOUT', /did not finish within 400 ms; its sandbox process was killed/],
  ['loop-after-await', 'AETHER_E_SANDBOX_TIMEOUT', /did not finish within 400 ms/],
  ['heap-exhaustion', 'AETHER_E_SANDBOX_MEMORY_LIMIT', /32 MB/],
  ['huge-output', 'AETHER_E_SANDBOX_OUTPUT_TOO_LARGE', /more than 65536 bytes/],
  ['count-mismatch', 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', /returned 1 records for 2 inputs/],
  ['changed-ids', 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', /output record 0 has id "f{32}", not its input's/],
  ['changed-tenant', 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', /output record 0 has tenant "other", not its input's lab/],
  ['throws-string', 'AETHER_E_SANDBOX_ADAPTER_THREW', /threw a non-Error value \(string\): no model loaded/],
  // V8 itself loops on this one while it builds the rejection (message and stack both loop, thrown
  // from an async function): no reason can be read, and the deadline ends the call.
  ['throws-looping-getters', 'AETHER_E_SANDBOX_TIMEOUT', /did not finish within 400 ms/],
  ['throws-unreadable-message', 'AETHER_E_SANDBOX_ADAPTER_THREW', /TypeError \(its message could not be read\)/],
  ['throws-looping-proxy', 'AETHER_E_SANDBOX_ADAPTER_THREW', /threw a value that could not be read/],
  // Atomics is removed from the isolate; with it there, this aborts the sandbox process.
  ['atomics-wait-async', 'AETHER_E_SANDBOX_ADAPTER_THREW', /ReferenceError: SharedArrayBuffer is not defined/],
]

describe('a hostile sandboxed enricher', () => {
  it.each(hostile)('%s fails the whole batch with %s, and the host is unharmed', async (bundle, code, reason) => {
    const results = await (await enricher(bundle)).enrichBatch([signal(1), signal(2)], stageContext())
    expect(results).toHaveLength(2)
    for (const result of results) {
      expect(result.isOk).toBe(false)
      const error = (result as { error: string }).error
      expect(error.startsWith(`${code}: `)).toBe(true)
      expect(error).toMatch(reason)
    }
    await expectHostUnharmed()
  })

  it('fails only the signal whose output record is not an enrichment', async () => {
    const results = await (await enricher('wrong-shape')).enrichBatch([signal(1), signal(2)], stageContext())
    expect(results[0]?.isOk).toBe(true)
    expect(results[1]).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_CONTRACT_VIOLATION: output record 1 is not an enrichment/) })
  })

  it('kills a process that passed its deadline by pid and replaces it', async () => {
    const before = pool.pids()
    await (await enricher('never-settles')).enrichBatch([signal(1)], stageContext())
    await expectHostUnharmed()
    const killed = before.find((pid) => !pool.pids().includes(pid)) as number
    expect(killed).toBeTypeOf('number')
    await vi.waitFor(() => expect(() => process.kill(killed, 0)).toThrow())
    await vi.waitFor(() => expect(pool.pids()).toHaveLength(2))
  })

  it('fails the call of a sandbox process that dies on its own (as an abort in V8 does), and replaces it', async () => {
    const never = await enricher('never-settles', { limits: { ...testLimits, timeoutMs: 5_000 } })
    const before = pool.pids()
    const call = never.enrichBatch([signal(1)], stageContext())
    // Whichever process took the call is the one that dies; the other is idle and unharmed.
    for (const pid of before) process.kill(pid, 'SIGABRT')
    const [result] = await call
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_ADAPTER_THREW: its sandbox process ended \(SIGABRT\) during the call/) })
    await expectHostUnharmed()
    expect(pool.pids().some((pid) => before.includes(pid))).toBe(false)
    await vi.waitFor(() => expect(pool.pids()).toHaveLength(2))
  })

  it('sees no process, require, timers or other host globals, not even through the Function constructor', async () => {
    const [result] = await (await enricher('probes-globals')).enrichBatch([signal(1)], stageContext())
    expect(result).toMatchObject({ isOk: true, value: { model: 'seen:nothing;function:undefined' } })
  })

  it('cannot pollute the host\'s prototypes or its JSON, and the next call starts clean', async () => {
    const polluter = await enricher('pollutes-prototypes')
    const [result] = await polluter.enrichBatch([signal(1)], stageContext())
    expect(result).toMatchObject({ isOk: true, value: { model: 'polluter@1' } })
    expect(Object.prototype).not.toHaveProperty('polluted')
    expect(JSON.stringify({ a: 1 })).toBe('{"a":1}')
    const probe = await enricher('probes-globals')
    const [next] = await probe.enrichBatch([signal(2)], stageContext())
    expect(next).toMatchObject({ isOk: true, value: { model: 'seen:nothing;function:undefined' } })
    await expectHostUnharmed()
  })

  it('keeps nothing stashed in globals or built-ins from one call, or tenant, to the next', async () => {
    const stasher = await enricher('stashes-state')
    for (const tenant of ['lab', 'lab', 'acme']) {
      const [result] = await stasher.enrichBatch([signal(1, tenant)], stageContext(tenant))
      expect(result).toMatchObject({ isOk: true, value: { model: 'earlier:0' } })
    }
  })
})
