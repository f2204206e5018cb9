import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { readAdapter } from '../../src/read-adapter.js'
import { SandboxedAdapter } from '../../src/sandboxed-adapter.js'
import { SandboxPool } from '../../src/sandbox-pool.js'
import { adapterInstaller, recordingLogger, signal } from '../install-adapter.js'

// A large batch runs as parts in several sandbox processes at once (real isolated-vm processes).
const install = adapterInstaller()
const maxima = { timeoutMs: 5_000, memoryMb: 128, maxOutputBytes: 8 * 1024 * 1024, cpuMsPerDay: 3_600_000 }
const limits = { timeoutMs: 5_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 }
const pool = new SandboxPool(2, recordingLogger())
beforeAll(() => pool.start())
afterAll(() => pool.stop())

async function adapter(bundle: string): Promise<SandboxedAdapter> {
  return new SandboxedAdapter(await readAdapter(await install(bundle, { limits }), maxima), pool, { maxLinesPerCall: 5, maxLineChars: 200 })
}

describe('a large batch of a sandboxed adapter', () => {
  it('is split across the pool\'s processes and comes back as one batch, in input order', async () => {
    const batch = Array.from({ length: 600 }, (_, index) => signal(index))
    const logger = recordingLogger()
    const result = await (await adapter('well-behaved')).call(batch, 'lab', logger)
    expect(result.isOk).toBe(true)
    expect((result as { records: Array<{ id: string }> }).records.map((record) => record.id)).toEqual(batch.map((record) => record.id))
    const logged = logger.lines.filter((line) => line.adapter === 'well-behaved').map((line) => line.adapterLog)
    expect(logged).toEqual(['enriching 300 signals for lab', 'enriching 300 signals for lab'])
  })

  it('is not split below 250 records a part', async () => {
    const logger = recordingLogger()
    await (await adapter('well-behaved')).call(Array.from({ length: 499 }, (_, index) => signal(index)), 'lab', logger)
    expect(logger.lines.filter((line) => line.adapter === 'well-behaved').map((line) => line.adapterLog)).toEqual(['enriching 499 signals for lab'])
  })

  it('fails as a whole when one part fails, with that part\'s code', async () => {
    const batch = Array.from({ length: 600 }, (_, index) => signal(index, 'lab', index === 550 ? 'FAIL' : 'capacity'))
    const result = await (await adapter('fails-on-flag')).call(batch, 'lab', recordingLogger())
    expect(result).toMatchObject({ isOk: false, code: 'AETHER_E_SANDBOX_ADAPTER_THREW', reason: expect.stringContaining('cannot enrich a flagged signal') })
  })
})
