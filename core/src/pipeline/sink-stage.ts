import type { BusMessage, Subscription } from '../bus/bus.js'
import type { AetherRecord } from '../contracts/record.js'
import { storagePoint } from '../extension-points/points.js'
import type { Kernel } from '../kernel/create-kernel.js'
import { consumeStage, groupByTenant, type RunCounts } from './stage-runtime.js'
import { deadLetteredSubjects, sinkDurable, stageConsumer, storedSubjects } from './topology.js'
import { toInvalidRecord } from './validate-stage.js'
import { WriteBuffer } from './write-buffer.js'

/**
 * Writes what the pipeline produces to storage, idempotently, gathering the records of several
 * messages into one write (see WriteBuffer). A write failure reaches the bus,
 * which redelivers the batch: with unique ids a retried batch never writes a row twice.
 * Dead-lettered messages are stored as invalid records, so nothing is lost.
 */
export async function startSinkStage(kernel: Kernel, counts: RunCounts): Promise<Subscription[]> {
  const storage = kernel.resolve(storagePoint)
  const { batchSize, sinkFlushMs } = kernel.config.pipeline
  const { metrics } = kernel
  const buffer = new WriteBuffer(async (tenant, records) => {
    const timer = metrics.storageWriteSeconds.startTimer()
    const outcome = await storage.writeBatch(tenant, records).catch((error: unknown) => {
      metrics.storageWriteFailures.inc()
      throw error
    })
    timer()
    counts.stored += outcome.inserted
    counts.duplicates += outcome.duplicates
    metrics.rowsStored.inc({ tenant }, outcome.inserted)
    metrics.rowsAlreadyStored.inc({ tenant }, outcome.duplicates)
  }, batchSize, sinkFlushMs)
  const write = (tenant: string, records: AetherRecord[]): Promise<void> => buffer.add(tenant, records)
  const subscriptions: Subscription[] = []
  for (const subject of storedSubjects(kernel.config)) {
    subscriptions.push(await consumeStage(kernel, sinkDurable(subject), subject, async ({ records, context }) => {
      await write(context.tenant, records)
    }))
  }
  for (const subject of deadLetteredSubjects) {
    subscriptions.push(await kernel.bus.consume(subject, stageConsumer(kernel.config, subject, 'sink'), async (message) => {
      for (const [tenant, records] of groupByTenant(deadLetters(message), kernel.config.tenant)) await write(tenant, records)
    }))
  }
  return subscriptions
}

function deadLetters(message: BusMessage): AetherRecord[] {
  const reason = `dead-lettered from ${message.headers.subject ?? 'unknown'} after ${message.headers.deliveries ?? '?'} deliveries: ${message.headers.reason ?? 'no reason given'}`
  return message.records.map((record) =>
    toInvalidRecord({ isValid: false, record, reason, issues: [] }, record.tenant, 'bus'))
}
