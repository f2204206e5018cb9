import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client'

/** The per-stage metrics every pipeline stage reports. */
export interface StageMetrics {
  readonly registry: Registry
  recordsIn: Counter<'stage'>
  recordsOut: Counter<'stage' | 'subject'>
  recordsInvalid: Counter<'stage'>
  batchSeconds: Histogram<'stage'>
  /** Messages not yet delivered or acknowledged, per consumer. */
  consumerLag: Gauge<'subject' | 'durable'>
  redeliveries: Gauge<'subject' | 'durable'>
  deadLettered: Gauge<'subject' | 'durable'>
  /** Rows the sink stored, per tenant. */
  rowsStored: Counter<'tenant'>
  /** Records the sink found already stored and skipped (replays and redeliveries), per tenant. */
  rowsAlreadyStored: Counter<'tenant'>
  storageWriteSeconds: Histogram
  storageWriteFailures: Counter
}

/** A registry of its own per kernel, so two kernels in one process do not share counters. */
export function createStageMetrics(options: { withProcessMetrics?: boolean } = {}): StageMetrics {
  const registry = new Registry()
  if (options.withProcessMetrics === true) collectDefaultMetrics({ register: registry, prefix: 'aether_' })
  const registers = [registry]
  return {
    registry,
    recordsIn: new Counter({ name: 'aether_stage_records_in_total', help: 'Records a stage received', labelNames: ['stage'], registers }),
    recordsOut: new Counter({ name: 'aether_stage_records_out_total', help: 'Records a stage published, by subject', labelNames: ['stage', 'subject'], registers }),
    recordsInvalid: new Counter({ name: 'aether_stage_records_invalid_total', help: 'Records a stage routed as invalid', labelNames: ['stage'], registers }),
    batchSeconds: new Histogram({
      name: 'aether_stage_batch_seconds', help: 'Time to handle one batch', labelNames: ['stage'], registers,
      buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    consumerLag: new Gauge({ name: 'aether_consumer_lag_messages', help: 'Messages pending or in flight per consumer', labelNames: ['subject', 'durable'], registers }),
    redeliveries: new Gauge({ name: 'aether_consumer_redeliveries', help: 'Redeliveries this process handled per consumer since start', labelNames: ['subject', 'durable'], registers }),
    deadLettered: new Gauge({ name: 'aether_consumer_dead_lettered', help: 'Messages this process dead-lettered per consumer since start', labelNames: ['subject', 'durable'], registers }),
    rowsStored: new Counter({ name: 'aether_storage_rows_stored_total', help: 'Rows the sink stored', labelNames: ['tenant'], registers }),
    rowsAlreadyStored: new Counter({ name: 'aether_storage_rows_already_stored_total', help: 'Records the sink skipped because they were stored already (replays, redeliveries)', labelNames: ['tenant'], registers }),
    storageWriteSeconds: new Histogram({
      name: 'aether_storage_write_seconds', help: 'Time to store one write of the sink', registers,
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    }),
    storageWriteFailures: new Counter({ name: 'aether_storage_write_failures_total', help: 'Sink writes that failed (their batches are redelivered)', registers }),
  }
}

/** Serves `GET /metrics` in the Prometheus text format. */
export async function serveMetrics(registry: Registry, port: number, host = '127.0.0.1'): Promise<{ url: string; close(): Promise<void> }> {
  const server: Server = createServer((request, response) => {
    if (request.url !== '/metrics') {
      response.writeHead(404).end('Not found: metrics are at /metrics\n')
      return
    }
    registry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': registry.contentType }).end(text),
      (error: unknown) => response.writeHead(500).end(String(error)),
    )
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, resolve)
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${host}:${address.port}/metrics`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
