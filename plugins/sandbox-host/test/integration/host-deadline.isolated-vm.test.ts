import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAdapter } from '../../src/read-adapter.js'
import { SandboxedAdapter } from '../../src/sandboxed-adapter.js'
import { SandboxPool } from '../../src/sandbox-pool.js'
import { adapterInstaller, recordingLogger, signal, testLimits } from '../install-adapter.js'

// The host keeps each call's deadline on its own event loop, which the rest of the kernel shares.
const install = adapterInstaller()
const maxima = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024, cpuMsPerDay: 3_600_000 }
const pool = new SandboxPool(1, recordingLogger())
beforeAll(() => pool.start())
afterAll(() => pool.stop())

function holdEventLoop(ms: number): void {
  const until = performance.now() + ms
  while (performance.now() < until) { /* the kernel busy with other work */ }
}

describe('the host-side deadline of a sandboxed call (real isolated-vm process)', () => {
  it('does not fail a call that finished in time when the host event loop was held up past the deadline', async () => {
    const adapter = new SandboxedAdapter(await readAdapter(await install('well-behaved'), maxima), pool, { maxLinesPerCall: 5, maxLineChars: 200 })
    const logger = recordingLogger()
    expect((await adapter.call([signal(0)], 'lab', logger)).isOk).toBe(true)
    const pidBefore = pool.pids()[0]
    const call = adapter.call([signal(1), signal(2)], 'lab', logger)
    // The adapter answers in a few ms; the host only looks again after twice the deadline.
    holdEventLoop(testLimits.timeoutMs * 2)
    const result = await call
    expect(result).toMatchObject({ isOk: true })
    expect(pool.pids()[0]).toBe(pidBefore)
  })

  it('still kills a call that is really late, by pid', async () => {
    const adapter = new SandboxedAdapter(await readAdapter(await install('never-settles'), maxima), pool, { maxLinesPerCall: 5, maxLineChars: 200 })
    const pidBefore = pool.pids()[0]
    const result = await adapter.call([signal(1)], 'lab', recordingLogger())
    expect(result).toMatchObject({ isOk: false, code: 'AETHER_E_SANDBOX_TIMEOUT' })
    expect(pool.pids()[0]).not.toBe(pidBefore)
  })
})
