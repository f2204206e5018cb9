import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAdapter } from '../../src/read-adapter.js'
import { SandboxedAdapter } from '../../src/sandboxed-adapter.js'
import { SandboxPool } from '../../src/sandbox-pool.js'
import { recordingLogger, signal, testLimits } from '../install-adapter.js'

// A call's frozen clock (what the conformance harness asks for), in real isolates in a real
// sandbox process: the adapter reads every clock and Math.random, with and without the freeze.
const pool = new SandboxPool(1, recordingLogger())
const folder = await mkdtemp(join(tmpdir(), 'aether-clock-'))
const frozenClock = { nowMs: Date.parse('2024-01-01T00:00:00.000Z'), seed: 20_240_101 }
let installed: Awaited<ReturnType<typeof readAdapter>>

beforeAll(async () => {
  const source = await readFile(new URL('../clock/reads-clock.js', import.meta.url))
  await writeFile(join(folder, 'adapter.js'), source)
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'aether-adapter-reads-clock', version: '1.0.0' }))
  await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({
    kind: 'enricher', name: 'reads-clock', version: '1.0.0', engine: '^0.1.0', entry: 'adapter.js', capabilities: [],
    limits: testLimits, input: 'signal.v1', output: 'enrichment.v1', sha512: createHash('sha512').update(source).digest('hex'),
  }))
  installed = await readAdapter(folder, { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024, cpuMsPerDay: 3_600_000 })
  await pool.start()
})
afterAll(async () => {
  await pool.stop()
  await rm(folder, { recursive: true, force: true })
})

async function read(adapter: SandboxedAdapter): Promise<Record<string, unknown>> {
  const result = await adapter.call([signal(1)], 'lab', recordingLogger())
  if (!result.isOk) throw new Error(`${result.code}: ${result.reason}`)
  return result.records[0] as Record<string, unknown>
}

describe('a call with a frozen clock', () => {
  it('stops Date at the instant asked for, keeps Date working otherwise, and seeds Math.random the same every call', async () => {
    const frozen = new SandboxedAdapter(installed, pool, { maxLinesPerCall: 5, maxLineChars: 200 }, undefined, frozenClock)
    const first = await read(frozen)
    expect(first).toMatchObject({
      now: frozenClock.nowMs, iso: '2024-01-01T00:00:00.000Z', epoch: 0, isDate: true, constructorIsDate: true,
      utc: Date.UTC(2023, 0, 1), parsed: Date.UTC(2023, 0, 1), called: new Date(frozenClock.nowMs).toString(),
    })
    const random = first.random as number[]
    expect(new Set(random).size).toBe(3)
    expect(random.every((value) => value >= 0 && value < 1)).toBe(true)
    expect(await read(frozen)).toEqual(first)
  })

  it('is not what a pipeline\'s call gets: without it the adapter sees the real clock and a fresh Math.random', async () => {
    const real = new SandboxedAdapter(installed, pool, { maxLinesPerCall: 5, maxLineChars: 200 })
    const before = Date.now()
    const first = await read(real)
    expect(first.now).toBeGreaterThanOrEqual(before)
    expect(first.now).toBeLessThanOrEqual(Date.now())
    expect((await read(real)).random).not.toEqual(first.random)
  })
})
