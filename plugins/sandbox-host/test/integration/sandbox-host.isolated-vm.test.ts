import { readFileSync } from 'node:fs'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import type { FailureCode } from '../../src/protocol.js'
import { readAdapter } from '../../src/read-adapter.js'
import { SandboxedAdapter } from '../../src/sandboxed-adapter.js'
import { SandboxedEnricher } from '../../src/sandboxed-enricher.js'
import { SandboxPool } from '../../src/sandbox-pool.js'
import { connectionCounter, cpuTicksOver, isRunning, objectPrototypeShape, rssMb } from '../host-health.js'
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
let network: Awaited<ReturnType<typeof connectionCounter>>
let baselineRssMb = 0
const hostPrototype = objectPrototypeShape()
// A sandbox process that is idle burns almost nothing; a loop left running burns all 20 ticks of
// the 200 ms. 8 ticks leaves room for the end of the previous call, a collection and a loaded
// machine (4 were seen on an idle process), and still tells a runaway apart.
const idleCpuTicks = 8
// A sandbox process keeps one isolate per adapter it ran (about 1 MB each here, 30-odd adapters
// in this file) and the allocator keeps some of a disposed isolate's pages: measured, a process
// ends this file about 70 MB above its idle baseline. Twice an isolate's limit plus 32 MB is
// above that and far below what any of the unbounded allocations below would reach.
const rssAllowanceMb = 2 * testLimits.memoryMb + 32

/**
 * What every hostile test checks afterwards: the same host process, untouched; no connection
 * made; every sandbox process that ran the call either killed and gone or idle again, its CPU
 * still and its memory near the baseline; and a well-behaved adapter still works.
 */
async function expectHostUnharmed(pidsBefore: number[] = []): Promise<void> {
  expect(process.pid).toBe(hostPid)
  expect(isolatedVmLoadedHere()).toBe(false)
  expect(objectPrototypeShape()).toBe(hostPrototype)
  expect(({} as Record<string, unknown>).polluted).toBeUndefined()
  expect(JSON.stringify({ a: [1] })).toBe('{"a":[1]}')
  const results = await wellBehaved.enrichBatch([signal(1), signal(2)], stageContext())
  expect(results.map((result) => result.isOk)).toEqual([true, true])
  for (const pid of pidsBefore.filter((pid) => !pool.pids().includes(pid))) await vi.waitFor(() => expect(isRunning(pid)).toBe(false), { timeout: 15_000 })
  // A replacement for a killed process starts (and burns CPU loading isolated-vm) until it is ready.
  await vi.waitFor(() => expect(pool.pids()).toHaveLength(2), { timeout: 15_000 })
  const live = pool.pids()
  expect(await cpuTicksOver(live, 200)).toBeLessThanOrEqual(idleCpuTicks)
  for (const pid of live) expect(rssMb(pid) ?? 0).toBeLessThan(baselineRssMb + rssAllowanceMb)
  expect(network.count()).toBe(0)
}

beforeAll(async () => {
  network = await connectionCounter()
  await pool.start()
  wellBehaved = await enricher('well-behaved')
  await wellBehaved.enrichBatch([signal(1)], stageContext())
  baselineRssMb = Math.max(...pool.pids().map((pid) => rssMb(pid) ?? 0))
})
afterAll(async () => {
  await pool.stop()
  await network.close()
})

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

  it('keeps nothing of a finished call: what each call keeps in its globals goes with its context', async () => {
    // 4 MB a call in a 32 MB isolate: a context kept alive by a handle the host did not release
    // would fill the isolate within ten calls.
    const hoarder = await enricher('hoards-per-call')
    for (let call = 0; call < 30; call += 1) {
      const [result] = await hoarder.enrichBatch([signal(call)], stageContext())
      expect(result).toMatchObject({ isOk: true, value: { model: 'hoarder@1' } })
    }
  })

  it('caps log lines per call and says how many it dropped', async () => {
    const logger = recordingLogger()
    const results = await (await enricher('log-flood')).enrichBatch([signal(1)], stageContext('lab', logger))
    expect(results[0]?.isOk).toBe(true)
    const logged = logger.lines.filter((line) => line.adapter === 'log-flood' && typeof line.adapterLog === 'string').map((line) => line.adapterLog)
    expect(logged).toEqual(['line 0', 'line 1', 'line 2', 'line 3', 'line 4', 'dropped 9995 log lines'])
  })
})

// The hostile corpus, as a specification: each adapter in test/adapters/, what every signal of
// its batch ends as (a failure code, or 'ok' for an attempt the sandbox makes harmless), and the
// reason (or, for 'ok', the enrichment's model) that says why.
interface HostileCase { bundle: string; outcome: FailureCode | 'ok'; why: RegExp; timeoutMs?: number }
// Filling a heap takes V8 many collections near its limit: on a loaded machine longer than the
// 400 ms deadline, which would end the call as a timeout before the memory limit is reached.
const memoryDeadlineMs = 5_000
const timedOut = /did not finish within 400 ms/
const hostile: HostileCase[] = [
  // Loops
  { bundle: 'sync-loop', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  { bundle: 'loop-after-await', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  { bundle: 'loop-after-log', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  { bundle: 'never-settles', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: /did not finish within 400 ms; its sandbox process was killed/ },
  { bundle: 'regex-backtracking', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  { bundle: 'recursion-swallows-overflow', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  { bundle: 'wasm-loop', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /ReferenceError: WebAssembly is not defined/ },
  { bundle: 'atomics-wait', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /ReferenceError: Atomics is not defined/ },
  // With SharedArrayBuffer and Atomics there, this aborts the sandbox process.
  { bundle: 'atomics-wait-async', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /ReferenceError: SharedArrayBuffer is not defined/ },
  { bundle: 'uses-timers', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /ReferenceError: setInterval is not defined/ },
  // Memory and the stack
  { bundle: 'heap-exhaustion', outcome: 'AETHER_E_SANDBOX_MEMORY_LIMIT', why: /32 MB/, timeoutMs: memoryDeadlineMs },
  { bundle: 'flat-string-exhaustion', outcome: 'AETHER_E_SANDBOX_MEMORY_LIMIT', why: /32 MB/, timeoutMs: memoryDeadlineMs },
  { bundle: 'array-buffer-exhaustion', outcome: 'AETHER_E_SANDBOX_MEMORY_LIMIT', why: /32 MB/, timeoutMs: memoryDeadlineMs },
  { bundle: 'deep-recursion', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /RangeError: Maximum call stack size exceeded/ },
  // Output
  { bundle: 'huge-output', outcome: 'AETHER_E_SANDBOX_OUTPUT_TOO_LARGE', why: /more than 65536 bytes/ },
  { bundle: 'cyclic-output', outcome: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', why: /the output is not JSON: TypeError: Converting circular structure/ },
  { bundle: 'bigint-output', outcome: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', why: /the output is not JSON: TypeError: Do not know how to serialize a BigInt/ },
  // Serialized inside the isolate, under the deadline.
  { bundle: 'output-looping-getter', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  { bundle: 'array-like-output', outcome: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', why: /the output is not an array \(it is object\)/ },
  { bundle: 'count-mismatch', outcome: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', why: /returned 1 records for 2 inputs/ },
  { bundle: 'changed-ids', outcome: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', why: /output record 0 has id "f{32}", not its input's/ },
  { bundle: 'reorders-records', outcome: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', why: /output record 0 has id "[0-9a-f]{32}", not its input's/ },
  { bundle: 'changed-tenant', outcome: 'AETHER_E_SANDBOX_CONTRACT_VIOLATION', why: /output record 0 has tenant "other", not its input's lab/ },
  { bundle: 'mutates-input', outcome: 'ok', why: /^mutator@1$/ },
  // Built-ins, globals and escapes
  { bundle: 'pollutes-prototypes', outcome: 'ok', why: /^polluter@1$/ },
  { bundle: 'replaces-json', outcome: 'ok', why: /^json-replacer@1$/ },
  { bundle: 'probes-globals', outcome: 'ok', why: /^seen:nothing;function:undefined$/ },
  { bundle: 'function-constructor-escapes', outcome: 'ok', why: /^reached:nothing$/ },
  // The bundle's top level, evaluated in each call's fresh context under its deadline
  { bundle: 'throws-at-load', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /Error: no model file at load/ },
  { bundle: 'loops-at-load', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  // Thrown values
  { bundle: 'throws-string', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /threw a non-Error value \(string\): no model loaded/ },
  // V8 itself loops on this one while it builds the rejection (message and stack both loop, thrown
  // from an async function): no reason can be read, and the deadline ends the call.
  { bundle: 'throws-looping-getters', outcome: 'AETHER_E_SANDBOX_TIMEOUT', why: timedOut },
  { bundle: 'throws-unreadable-message', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /TypeError \(its message could not be read\)/ },
  { bundle: 'throws-looping-proxy', outcome: 'AETHER_E_SANDBOX_ADAPTER_THREW', why: /threw a value that could not be read/ },
]

describe('a hostile sandboxed enricher', () => {
  let pidsBefore: number[] = []
  beforeEach(() => { pidsBefore = pool.pids() })
  afterEach(() => expectHostUnharmed(pidsBefore), 20_000)

  it.each(hostile)('$bundle ends as $outcome ($why), and the host is unharmed', async ({ bundle, outcome, why, timeoutMs }) => {
    const batch = [signal(1), signal(2, 'lab', network.url)]
    const sent = structuredClone(batch)
    const manifest = timeoutMs === undefined ? {} : { limits: { ...testLimits, timeoutMs } }
    const results = await (await enricher(bundle, manifest)).enrichBatch(batch, stageContext())
    expect(results).toHaveLength(2)
    for (const result of results) {
      if (outcome === 'ok') {
        expect(result).toMatchObject({ isOk: true, value: { model: expect.stringMatching(why) } })
      } else {
        expect(result).toEqual({ isOk: false, error: expect.stringMatching(new RegExp(`^${outcome}: .*${why.source}`)) })
      }
    }
    // What the host passed in is exactly what it still holds.
    expect(batch).toEqual(sent)
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
    await vi.waitFor(() => expect(() => process.kill(killed, 0)).toThrow(), { timeout: 15_000 })
    await vi.waitFor(() => expect(pool.pids()).toHaveLength(2), { timeout: 15_000 })
  })

  it('fails the call of a sandbox process that dies on its own (as an abort in V8 does), and replaces it', async () => {
    const never = await enricher('never-settles', { limits: { ...testLimits, timeoutMs: 5_000 } })
    const before = pool.pids()
    const call = never.enrichBatch([signal(1)], stageContext())
    // Whichever process took the call is the one that dies; the other is idle and unharmed.
    for (const pid of before) process.kill(pid, 'SIGABRT')
    const [result] = await call
    expect(result).toEqual({ isOk: false, error: expect.stringMatching(/^AETHER_E_SANDBOX_ADAPTER_THREW: its sandbox process ended \(SIGABRT\) during the call/) })
    // The idle one's exit is seen a moment later; until then a call could still be sent to it.
    await vi.waitFor(() => expect(pool.pids().some((pid) => before.includes(pid))).toBe(false), { timeout: 15_000 })
    await vi.waitFor(() => expect(pool.pids()).toHaveLength(2), { timeout: 15_000 })
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
