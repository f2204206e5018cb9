import { readFile } from 'node:fs/promises'
import { fileURLToPath } from 'node:url'
import { createKernel, createLogger, runPipeline } from '@aether/core'
import { temporaryDirectories } from '@aether/core/testing'
import { type AetherPlugin, type Bus, busPoint, recordId, storagePoint } from '@aether/plugin-api'
import { createTestNatsBus, deleteDeployment } from '@aether/plugin-bus-nats/testing'
import { plugin as policy } from '@aether/plugin-policy'
import { plugin as sandboxHost } from '@aether/plugin-sandbox-host'
import { plugin as sources, readGcpIncidents } from '@aether/plugin-sources'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { buildLocalFeedSource, feedServer, incidentsFile } from '@aether/adapter-gcp-status-feed/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The spot-risk pipeline with the example third-party adapters in the sandbox at four stages:
// the gcp-status-feed source polls the vendored GCP incident history from a local server over
// fetch, the spot-rules validator judges every record, the keyword-enricher scores the signals
// and the volatility-logistic forecaster forecasts; a first-party replay adds n4-standard-4
// prices as telemetry and the first-party threshold policy decides. On both buses.
const temporaryDirectory = temporaryDirectories()
const logger = createLogger({ level: 'silent' })
const adapters = (name: string) => fileURLToPath(new URL(`../../adapters/${name}`, import.meta.url))
const window = { from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' }
const incidents = JSON.parse(await readFile(incidentsFile, 'utf8')) as unknown[]
const server = await feedServer(incidents)
const deployments: string[] = []
let storage: Awaited<ReturnType<typeof openPgliteStorage>>
let feedSource: string
beforeAll(async () => {
  storage = await openPgliteStorage('memory://')
  feedSource = await buildLocalFeedSource(await temporaryDirectory('aether-pipeline-'), server.url, server.port)
})
afterAll(async () => {
  await storage.close()
  await server.close()
  for (const deployment of deployments) await deleteDeployment(deployment)
})

let runs = 0

async function run(bus: Bus | undefined) {
  const tenant = `adapters${(runs += 1)}`
  const plugins: AetherPlugin[] = [{
    manifest: { name: 'test-storage', version: '1.0.0', engine: '*', provides: [storagePoint.id] },
    register: (c) => c.provide(storagePoint, storage.store),
  }]
  if (bus !== undefined) {
    plugins.push({ manifest: { name: 'test-bus', version: '1.0.0', engine: '*', provides: [busPoint.id] }, register: (c) => c.provide(busPoint, bus) })
  }
  const kernel = createKernel({
    logger, baseDir: fileURLToPath(new URL('.', import.meta.url)),
    config: {
      tenant,
      pipeline: { sources: ['gcp-status-feed', 'n4-prices'], validator: 'spot-rules', enricher: 'keyword-enricher', forecaster: 'volatility-logistic', policy: 'threshold' },
    },
    plugins: [
      ...plugins,
      { plugin: sources, config: { replays: [{ name: 'n4-prices', inputs: [{ format: 'gcp-spot-prices', path: 'data/gcp-spot-prices-n4-standard-4.csv' }] }] } },
      {
        plugin: sandboxHost,
        config: {
          poolSize: 2,
          adapters: [
            { path: feedSource, grants: [`fetch=127.0.0.1:${server.port}`, 'kv'] },
            { path: adapters('spot-rules-validator') }, { path: adapters('keyword-enricher') }, { path: adapters('volatility-forecaster') },
          ],
        },
      },
      { plugin: policy, config: { migrateAt: 0.5, drainAt: 0.8 } },
    ],
  })
  const stored = (contract: string) => storage.store.queryWindow({ ...window, tenant, contract })
  const from = server.requests.length
  try {
    await kernel.start()
    const summary = await runPipeline(kernel)
    return {
      summary, requests: server.requests.slice(from),
      signals: await stored('signal.v1'), enrichments: await stored('enrichment.v1'), telemetry: await stored('telemetry.v1'),
      invalid: await stored('invalid.v1'), forecasts: await stored('forecast.v1'), decisions: await stored('decision.v1'),
    }
  } finally {
    await kernel.stop()
  }
}

// What the feed holds, as ids: one signal per incident and region, made by the adapter's source name.
const feedSignalIds = readGcpIncidents(JSON.stringify(incidents))
  .map((draft) => recordId({ source: 'gcp-status-feed', sourceEventId: draft.sourceEventId, contract: 'signal.v1' })).sort()

function describeOn(busName: string, createBus: () => Promise<Bus | undefined>) {
  describe(`the spot-risk pipeline of example adapters, sandboxed, on ${busName}`, () => {
    it('stores the feed\'s signals with their enrichments, the prices the rule pack passed, its refusals, and the forecasts and decisions made of them', async () => {
      const { summary, requests, signals, enrichments, telemetry, invalid, forecasts, decisions } = await run(await createBus())
      expect(summary.outcome).toBe('completed')
      expect(requests.map((request) => request.status)).toEqual([200, 304])
      expect(signals.map((signal) => signal.id).sort()).toEqual(feedSignalIds)
      expect(enrichments.map((enrichment) => enrichment.signalId).sort()).toEqual(feedSignalIds)
      expect(new Set(enrichments.map((enrichment) => enrichment.model))).toEqual(new Set(['keyword-enricher@1']))
      // 227 price rows, two samples each; spot-rules refuses the 35 empty prices and 32 on-demand prices of 0.
      expect(invalid.filter((record) => record.stage === 'validator:spot-rules')).toHaveLength(67)
      expect(telemetry).toHaveLength(454 - 67)
      expect(forecasts.length).toBe(summary.counts.forecasts)
      expect(forecasts.length).toBeGreaterThan(0)
      expect(new Set(forecasts.map((forecast) => forecast.model))).toEqual(new Set(['volatility-logistic@1']))
      expect(decisions.map((decision) => decision.forecastId).sort()).toEqual(forecasts.map((forecast) => forecast.id).sort())
    })
  })
}

describeOn('the in-process bus', async () => undefined)
describeOn('the NATS JetStream bus', async () => {
  const bus = await createTestNatsBus({ maxMessagesPerSubject: 64 })
  deployments.push(bus.deployment)
  return bus
})
