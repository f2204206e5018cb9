import type { RecordStorage } from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { dailyUsage } from '../src/metering/daily-usage.js'
import { UsageMeter } from '../src/metering/usage-meter.js'

/** Usage metered, stored in real storage and summed per day, against one backend. */
export function describeDailyUsage(backend: string, storage: () => RecordStorage): void {
  describe(`adapter usage in ${backend}`, () => {
    it('is stored on each flush, a repeated flush adds nothing, and the query gives daily totals per adapter', async () => {
      const tenant = `usage-${Math.random().toString(36).slice(2, 8)}`
      let now = Date.parse('2026-12-01T22:00:00.000Z')
      const meter = new UsageMeter(() => now, 'run-a')
      const geo = { adapter: 'geo', adapterVersion: '1.0.0', tenant }
      meter.called(geo, { recordsIn: 10, recordsOut: 10, cpuMs: 2.5 })
      meter.called({ ...geo, adapter: 'news' }, { recordsIn: 4, recordsOut: 0, cpuMs: 400, failureCode: 'AETHER_E_SANDBOX_TIMEOUT' })
      await meter.flush(storage())
      meter.called(geo, { recordsIn: 5, recordsOut: 5, cpuMs: 1 })
      meter.refused(geo, 'AETHER_E_SANDBOX_CIRCUIT_OPEN')
      await meter.flush(storage())
      now = Date.parse('2026-12-02T00:00:00.000Z')
      meter.called(geo, { recordsIn: 1, recordsOut: 1, cpuMs: 0.5 })
      await meter.flush(storage())

      // The same run's first flush again (a retry after a lost answer): same ids, nothing added.
      const retry = new UsageMeter(() => Date.parse('2026-12-01T22:00:00.000Z'), 'run-a')
      retry.called(geo, { recordsIn: 10, recordsOut: 10, cpuMs: 2.5 })
      await retry.flush(storage())

      expect(await dailyUsage(storage(), { tenant, from: '2026-12-01', to: '2026-12-02' })).toEqual([
        { adapter: 'geo', tenant, day: '2026-12-01', calls: 2, recordsIn: 15, recordsOut: 15, cpuMs: 3.5, failures: {}, refused: { AETHER_E_SANDBOX_CIRCUIT_OPEN: 1 } },
        { adapter: 'news', tenant, day: '2026-12-01', calls: 1, recordsIn: 4, recordsOut: 0, cpuMs: 400, failures: { AETHER_E_SANDBOX_TIMEOUT: 1 }, refused: {} },
        { adapter: 'geo', tenant, day: '2026-12-02', calls: 1, recordsIn: 1, recordsOut: 1, cpuMs: 0.5, failures: {}, refused: {} },
      ])
      expect(await dailyUsage(storage(), { tenant, from: '2026-12-02', to: '2026-12-02' })).toHaveLength(1)
    })
  })
}
