import { type AetherRecord, type BusMessage, StorageRecordsRefused, storagePoint, type Subscription } from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { toInvalidRecord } from './invalid-records.js'
import { writeIsolatingRefusals } from './isolate-refusals.js'
import { consumeStage, type RunCounts } from './stage-runtime.js'
import { deadLetteredSubjects, sinkDurable, storedSubjects } from './topology.js'
import { WriteBuffer } from './write-buffer.js'

/**
 * Writes what the pipeline produces to storage, idempotently, gathering the records of several
 * messages into one write (see WriteBuffer). A write that fails for a passing reason reaches the
 * bus, which redelivers the batch: with unique ids a retried batch never writes a row twice.
 * Records storage refuses for their data are found and stored as invalid records with the
 * storage's reason, beside the rest of their batch; dead-lettered messages are stored as invalid
 * records too. So nothing is lost.
 */
export async function startSinkStage(kernel: Kernel, counts: RunCounts): Promise<Subscription[]> {
  const storage = kernel.resolve(storagePoint)
  const { batchSize, sinkFlushMs } = kernel.config.pipeline
  const { metrics } = kernel
  const writeTimed = async (tenant: string, records: AetherRecord[]): Promise<void> => {
    const timer = metrics.storageWriteSeconds.startTimer()
    const outcome = await storage.writeBatch(tenant, records).catch((error: unknown) => {
      // A refusal of data is handled below (the records are kept as invalid): it is not storage failing.
      if (!StorageRecordsRefused.is(error)) metrics.storageWriteFailures.inc()
      throw error
    })
    timer()
    counts.stored += outcome.inserted
    counts.duplicates += outcome.duplicates
    counts.actionsEnqueued += outcome.actionsEnqueued ?? 0
    metrics.rowsStored.inc({ tenant }, outcome.inserted)
    metrics.rowsAlreadyStored.inc({ tenant }, outcome.duplicates)
  }
  const buffer = new WriteBuffer(async (tenant, records) => {
    const refused = await writeIsolatingRefusals((part) => writeTimed(tenant, part), records)
    if (refused.length === 0) return
    // An invalid record is storable by construction (its payload is kept as JSON text when it must
    // be), so a refusal of these is not the data's fault: it fails the batch, which is retried.
    await writeTimed(tenant, refused.map(({ record, reason }) =>
      toInvalidRecord({ isValid: false, record, reason: `storage refused it: ${reason}`, issues: [] }, tenant, 'sink')))
    counts.refusedByStorage += refused.length
    metrics.recordsInvalid.inc({ stage: 'sink' }, refused.length)
    kernel.logger.warn({ tenant, refused: refused.length, reason: refused[0]?.reason }, 'storage refused records; stored them as invalid records')
  }, batchSize, sinkFlushMs)
  const write = (tenant: string, records: AetherRecord[]): Promise<void> => buffer.add(tenant, records)
  const subscriptions: Subscription[] = []
  for (const subject of storedSubjects(kernel.config)) {
    subscriptions.push(await consumeStage(kernel, sinkDurable(subject), subject, async ({ records, context }) => {
      await write(context.tenant, records)
    }))
  }
  for (const subject of deadLetteredSubjects) {
    subscriptions.push(await consumeStage(kernel, 'sink', subject, async ({ records, context, headers }) => {
      await write(context.tenant, deadLetters(headers, records, context.tenant))
    }))
  }
  return subscriptions
}

function deadLetters(headers: BusMessage['headers'], records: AetherRecord[], tenant: string): AetherRecord[] {
  const reason = `dead-lettered from ${headers.subject ?? 'unknown'} after ${headers.deliveries ?? '?'} deliveries: ${headers.reason ?? 'no reason given'}`
  return records.map((record) => toInvalidRecord({ isValid: false, record, reason, issues: [] }, tenant, 'bus'))
}
