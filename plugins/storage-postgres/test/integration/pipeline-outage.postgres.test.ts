import { createKernel, createLogger, runPipeline, sourcePoint, validateConfig, type AetherPlugin, type DraftRecord, type SignalSource } from '@aether/core'
import { plugin as forecaster } from '@aether/plugin-forecaster'
import { plugin as policy } from '@aether/plugin-policy'
import { plugin as validator } from '@aether/plugin-validator'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresStorageConfig } from '../../src/config.js'
import { openPostgresStorage } from '../../src/open-postgres-storage.js'
import { plugin as storage } from '../../src/plugin.js'
import { freshDatabase, type FreshDatabase } from '../fresh-database.js'
import { startPostgresProxy, type TcpProxy } from '../tcp-proxy.js'

const ticks = 6_000

/** A spot trace of `ticks` samples, yielded slowly enough that the outage falls mid-run. */
function traceSource(onHalfway: () => void): AetherPlugin {
  const source: SignalSource = {
    name: 'trace',
    async *read() {
      for (let start = 0; start < ticks; start += 500) {
        if (start === ticks / 2) onHalfway()
        yield Array.from({ length: 500 }, (_, i): DraftRecord => ({
          contract: 'telemetry.v1', source: 'trace', sourceEventId: `t${start + i}`,
          timestamp: new Date(Date.UTC(2023, 3, 30) + (start + i) * 30_000).toISOString(),
          region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', metric: 'spot_available', value: (start + i) % 7 === 0 ? 0 : 1,
        }))
        await new Promise((resolve) => setTimeout(resolve, 50))
      }
    },
  }
  return { manifest: { name: 'trace-source', version: '1.0.0', engine: '*', provides: [sourcePoint.id] }, register: (c) => c.provide(sourcePoint, source) }
}

describe('a pipeline writing to PostgreSQL through a connection that is cut for two seconds', () => {
  let database: FreshDatabase
  let proxy: TcpProxy
  let proxiedUrl: string
  beforeAll(async () => {
    database = await freshDatabase()
    ;({ proxy, connectionString: proxiedUrl } = await startPostgresProxy(database.connectionString))
  })
  afterAll(async () => {
    await proxy.close()
    await database.drop()
  })

  it('loses nothing and writes nothing twice', async () => {
    const kernel = createKernel({
      logger: createLogger({ level: 'silent' }),
      config: {
        tenant: 'outage',
        pipeline: { sources: ['trace'], forecaster: 'heuristic-baseline', policy: 'threshold', batchSize: 500, forecast: { cadenceMinutes: 60 } },
      },
      plugins: [
        { plugin: storage, config: { connectionString: proxiedUrl, connectTimeoutMs: 500, retry: { attempts: 4, minDelayMs: 50, maxDelayMs: 300 } } },
        traceSource(() => {
          proxy.cut()
          setTimeout(() => proxy.restore(), 2_000)
        }),
        validator, forecaster, policy,
      ],
    })
    await kernel.start()
    const summary = await runPipeline(kernel)
    const redeliveries = (await kernel.bus.backlog()).reduce((sum, consumer) => sum + consumer.redeliveries, 0)
    await kernel.stop()
    // The outage outlasted the storage's own retries, so the bus had to redeliver.
    expect(redeliveries).toBeGreaterThan(0)

    const direct = await openPostgresStorage(validateConfig(PostgresStorageConfig, { connectionString: database.connectionString }, () => 'test'))
    try {
      const counts = await direct.store.countByContract('outage')
      expect(counts['telemetry.v1']).toBe(ticks)
      expect(counts['forecast.v1']).toBe(summary.counts.forecasts)
      expect(counts['decision.v1']).toBe(summary.counts.decisions)
      expect(counts['invalid.v1']).toBeUndefined()
      expect(summary.counts.forecasts).toBe(ticks / 120)
      expect(await direct.store.ledger.verify('outage')).toBeUndefined()
    } finally {
      await direct.close()
    }
  }, 90_000)
})
