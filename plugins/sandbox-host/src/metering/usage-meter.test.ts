import { ContractRegistry, type AetherRecord, type RecordStorage } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { UsageMeter } from './usage-meter.js'
import { UsageV1 } from './usage-record.js'

const key = { adapter: 'geo', adapterVersion: '1.0.0', tenant: 'acme' }

/**
 * What the meter writes, kept in memory; the first `failures` writes fail as a lost connection
 * would. (Real storage is in test/daily-usage-suite.ts, on PGlite and PostgreSQL.)
 */
function memoryStorage(failures = 0) {
  const written: AetherRecord[][] = []
  let left = failures
  const storage: Pick<RecordStorage, 'writeBatch'> = {
    async writeBatch(_tenant, records) {
      if (left-- > 0) throw new Error('connection reset')
      written.push(records)
      return { inserted: records.length, duplicates: 0 }
    },
  }
  return { storage, written }
}

describe('UsageMeter', () => {
  it('counts per adapter, tenant and UTC day and writes one usage.v1 record of each on flush', async () => {
    let now = Date.parse('2026-12-01T23:59:00.000Z')
    const meter = new UsageMeter(() => now, 'run-1')
    meter.called(key, { recordsIn: 3, recordsOut: 3, cpuMs: 1.5 })
    meter.called(key, { recordsIn: 2, recordsOut: 0, cpuMs: 4, failureCode: 'AETHER_E_SANDBOX_ADAPTER_THREW' })
    meter.refused(key, 'AETHER_E_SANDBOX_CIRCUIT_OPEN')
    now = Date.parse('2026-12-02T00:00:01.000Z')
    meter.called({ ...key, tenant: 'globex' }, { recordsIn: 1, recordsOut: 1, cpuMs: 0.25 })
    const { storage, written } = memoryStorage()
    await meter.flush(storage)
    expect(written.flat()).toMatchObject([
      {
        tenant: 'acme', contract: 'usage.v1', adapter: 'geo', day: '2026-12-01', timestamp: '2026-12-01T00:00:00.000Z', calls: 2,
        recordsIn: 5, recordsOut: 3, cpuMs: 5.5, failures: { AETHER_E_SANDBOX_ADAPTER_THREW: 1 }, refused: { AETHER_E_SANDBOX_CIRCUIT_OPEN: 1 },
      },
      { tenant: 'globex', day: '2026-12-02', calls: 1, recordsIn: 1, recordsOut: 1, cpuMs: 0.25, failures: {}, refused: {} },
    ])
    const contracts = new ContractRegistry().register(UsageV1)
    for (const record of written.flat()) expect(contracts.check('usage.v1', record)).toEqual({ isValid: true })
    await meter.flush(storage)
    expect(written).toHaveLength(2)
  })

  it('keeps a failed flush\'s records and writes them again with the same ids', async () => {
    const meter = new UsageMeter(() => Date.parse('2026-12-01T12:00:00.000Z'), 'run-1')
    meter.called(key, { recordsIn: 1, recordsOut: 1, cpuMs: 1 })
    const { storage, written } = memoryStorage(1)
    await expect(meter.flush(storage)).rejects.toThrow('connection reset')
    meter.called(key, { recordsIn: 2, recordsOut: 2, cpuMs: 2 })
    await meter.flush(storage)
    const records = written.flat()
    expect(records.map((r) => r.recordsIn)).toEqual([1, 2])
    expect(new Set(records.map((r) => r.id)).size).toBe(2)
    const again = new UsageMeter(() => Date.parse('2026-12-01T12:00:00.000Z'), 'run-1')
    again.called(key, { recordsIn: 9, recordsOut: 9, cpuMs: 9 })
    const other = memoryStorage()
    await again.flush(other.storage)
    expect(other.written.flat()[0]?.id).toBe(records[0]?.id)
  })
})
