import { dirname } from 'node:path'
import { createKernel, createLogger, runPipeline } from '@aether/core'
import {
  enricherPoint, type AetherPlugin, type DraftRecord, type PolicyEngine, policyEnginePoint, type SignalSource, sourcePoint, storagePoint,
} from '@aether/plugin-api'
import { plugin as forecaster } from '@aether/plugin-forecaster'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { plugin as validator } from '@aether/plugin-validator'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { adapterStatus } from '../../src/cli/adapter-status.js'
import { utcDay } from '../../src/guards/utc-day.js'
import { dailyUsage } from '../../src/metering/daily-usage.js'
import { plugin as sandboxHost } from '../../src/plugin.js'
import { describeDailyUsage } from '../daily-usage-suite.js'
import { adapterInstaller, signal, stageContext, testLimits } from '../install-adapter.js'

const install = adapterInstaller()
const logger = createLogger({ level: 'silent' })
const window = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }
const tenant = 'guarded'
// One in-memory store for the file (opening PGlite is the slow part).
let storage: Awaited<ReturnType<typeof openPgliteStorage>>
beforeAll(async () => { storage = await openPgliteStorage('memory://') })
afterAll(() => storage.close())

// Flagged signals make the adapter throw, so every batch of them fails.
const flagged: DraftRecord[] = [1, 2, 3].map((index) => ({
  contract: 'signal.v1', source: 'test', sourceEventId: `flagged/${index}`, timestamp: `2023-04-30T00:0${index}:00.000Z`,
  region: 'us-east1', severity: 'high', summary: 'FAIL capacity shortage',
}))
const plugins: AetherPlugin[] = [
  {
    manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] },
    register: (c) => c.provide(storagePoint, storage.store),
  },
  validator, forecaster,
  {
    manifest: { name: 'hold-policy', version: '1.0.0', engine: '*', provides: [policyEnginePoint.id] },
    register: (c) => c.provide(policyEnginePoint, {
      name: 'hold', decideBatch: async (fs) => fs.map(() => ({ isOk: true, value: { action: 'hold', confidence: 1, policy: 'hold@1', explanation: 'hold' } })),
    } satisfies PolicyEngine),
  },
  {
    manifest: { name: 'list-source', version: '1.0.0', engine: '*', provides: [sourcePoint.id] },
    register: (c) => c.provide(sourcePoint, { name: 'list', async *read() { yield flagged } } satisfies SignalSource),
  },
]

describe('the guards of a sandboxed adapter that keeps failing', () => {
  it('open its breaker, keep every record of a refused batch as invalid with the reason, and close it on a good probe', async () => {
    const startDay = utcDay(Date.now())
    const folder = await install('fails-on-flag')
    const kernel = createKernel({
      logger, baseDir: dirname(folder),
      config: { tenant, pipeline: { sources: ['list'], enricher: 'fails-on-flag', forecaster: 'heuristic-baseline', policy: 'hold' } },
      plugins: [...plugins, {
        plugin: sandboxHost,
        config: { adapters: [{ path: folder.slice(dirname(folder).length + 1) }], poolSize: 1, breaker: { consecutiveFailures: 2, coolDownMs: 60_000 } },
      }],
    })
    try {
      await kernel.start()
      const enricher = kernel.resolve(enricherPoint, 'fails-on-flag')
      const bad = [signal(1, tenant, 'FAIL'), signal(2, tenant, 'FAIL')]
      for (let call = 0; call < 2; call += 1) {
        const results = await enricher.enrichBatch(bad, stageContext(tenant))
        expect(results.map((r) => !r.isOk && r.error.split(':')[0])).toEqual(['AETHER_E_SANDBOX_ADAPTER_THREW', 'AETHER_E_SANDBOX_ADAPTER_THREW'])
      }

      // Open: the pipeline's batch is refused without a call, and every signal is kept as invalid.
      const summary = await runPipeline(kernel)
      expect(summary.outcome).not.toBe('interrupted')
      const invalid = await storage.store.queryWindow({ ...window, tenant, contract: 'invalid.v1' })
      expect(invalid).toHaveLength(3)
      for (const record of invalid) {
        expect(record.reason).toMatch(/^enricher:fails-on-flag failed: AETHER_E_SANDBOX_CIRCUIT_OPEN: circuit breaker of adapter "fails-on-flag" is open \(2 failed calls in a row, the last with AETHER_E_SANDBOX_ADAPTER_THREW\); a probe call goes through after /)
      }
      const open = await kernel.metrics.registry.metrics()
      expect(open).toContain('aether_sandbox_breaker_state{adapter="fails-on-flag"} 2')
      expect(open).toContain('aether_sandbox_calls_total{adapter="fails-on-flag",outcome="AETHER_E_SANDBOX_ADAPTER_THREW"} 2')
      expect(open).toContain('aether_sandbox_calls_refused_total{adapter="fails-on-flag",code="AETHER_E_SANDBOX_CIRCUIT_OPEN"} 1')

      // After the cool-down one probe goes through; the adapter handles this batch, so the breaker closes.
      vi.useFakeTimers({ toFake: ['Date'], now: Date.now() + 60_000 })
      const good = await enricher.enrichBatch([signal(3, tenant)], stageContext(tenant))
      expect(good, JSON.stringify(good)).toMatchObject([{ isOk: true, value: { model: 'fails-on-flag@1' } }])
      expect(await kernel.metrics.registry.metrics()).toContain('aether_sandbox_breaker_state{adapter="fails-on-flag"} 0')
    } finally {
      vi.useRealTimers()
      await kernel.stop()
    }

    const entries = (await storage.store.ledger.entries(tenant)).filter((entry) => entry.kind === 'sandbox.breaker')
    expect(entries.map((entry) => entry.payload)).toMatchObject([
      { adapter: 'fails-on-flag', from: 'closed', to: 'open', reason: '2 failed calls in a row, the last with AETHER_E_SANDBOX_ADAPTER_THREW' },
      { from: 'open', to: 'half-open' },
      { from: 'half-open', to: 'closed', reason: 'the probe call succeeded' },
    ])
    expect(entries.every((entry) => entry.subject === 'adapter:fails-on-flag' && entry.actor === '@aether/plugin-sandbox-host')).toBe(true)

    // Stopping flushed the usage: three calls ran, one was refused.
    const [usage, ...others] = await dailyUsage(storage.store, { tenant, from: startDay, to: utcDay(Date.now() + 60_000) })
    expect(others).toEqual([])
    expect(usage).toMatchObject({
      adapter: 'fails-on-flag', tenant, calls: 3, recordsIn: 5, recordsOut: 1,
      failures: { AETHER_E_SANDBOX_ADAPTER_THREW: 2 }, refused: { AETHER_E_SANDBOX_CIRCUIT_OPEN: 1 },
    })
    expect(usage?.cpuMs).toBeGreaterThan(0)

    // `aether sandbox status` shows what the host recorded: the last transition and the day's usage.
    const [status] = await adapterStatus(storage.store, tenant, [{ name: 'fails-on-flag', cpuMsPerDay: 1_000 }], Date.now() + 60_000)
    expect(status).toMatchObject({
      adapter: 'fails-on-flag', breaker: 'closed', cpuMsPerDay: 1_000,
      lastTransition: { from: 'half-open', reason: 'the probe call succeeded', pid: process.pid },
    })
    expect(status?.today.calls).toBeGreaterThan(0)
  })
})

describe('the daily CPU budget of a sandboxed adapter', () => {
  it('refuses its calls with AETHER_E_SANDBOX_TIMEOUT once spent, until the next UTC day', async () => {
    const folder = await install('burns-cpu', { limits: { ...testLimits, cpuMsPerDay: 20 } })
    const kernel = createKernel({
      logger, baseDir: dirname(folder), config: { tenant },
      plugins: [{ plugin: sandboxHost, config: { adapters: [{ path: folder.slice(dirname(folder).length + 1) }], poolSize: 1 } }],
    })
    try {
      await kernel.start()
      const enricher = kernel.resolve(enricherPoint, 'burns-cpu')
      expect(await enricher.enrichBatch([signal(1, tenant)], stageContext(tenant))).toMatchObject([{ isOk: true }])
      const [refused] = await enricher.enrichBatch([signal(2, tenant)], stageContext(tenant))
      expect(!refused?.isOk && refused?.error).toMatch(/^AETHER_E_SANDBOX_TIMEOUT: daily CPU budget spent \(\d+ of 20 ms on \d{4}-\d{2}-\d{2} UTC\); calls resume at \d{4}-\d{2}-\d{2}T00:00:00.000Z$/)
      const metrics = await kernel.metrics.registry.metrics()
      expect(metrics).toContain('aether_sandbox_calls_refused_total{adapter="burns-cpu",code="AETHER_E_SANDBOX_TIMEOUT"} 1')
      expect(metrics).toContain('aether_sandbox_calls_total{adapter="burns-cpu",outcome="ok"} 1')

      const tomorrow = new Date(Date.now() + 86_400_000)
      vi.useFakeTimers({ toFake: ['Date'], now: Date.UTC(tomorrow.getUTCFullYear(), tomorrow.getUTCMonth(), tomorrow.getUTCDate()) })
      expect(await enricher.enrichBatch([signal(3, tenant)], stageContext(tenant))).toMatchObject([{ isOk: true }])
    } finally {
      vi.useRealTimers()
      await kernel.stop()
    }
  })
})

describeDailyUsage('PGlite', () => storage.store)
