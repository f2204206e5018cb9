import { randomUUID } from 'node:crypto'
import { type AetherRecord, type DraftRecord, recordId, sourcePoint, subjects } from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { publishStage, type RunCounts } from './stage-runtime.js'

/**
 * Reads every configured source to the end and publishes its records to `signals.raw` in
 * batches of at most `pipeline.batchSize` (each batch a source yields is published before the
 * next is read), stamping tenant and deterministic id on each.
 */
export async function runSources(kernel: Kernel, counts: RunCounts): Promise<void> {
  const { tenant, pipeline } = kernel.config
  for (const name of pipeline.sources) {
    const source = kernel.resolve(sourcePoint, name)
    const stage = `source:${name}`
    const logger = kernel.logger.child({ stage, tenant })
    const context = { tenant, traceId: randomUUID(), logger, signal: kernel.signal }
    let pending: AetherRecord[] = []
    const flush = async (): Promise<void> => {
      const batch = pending
      pending = []
      await publishStage(kernel, stage, subjects.raw, batch, randomUUID())
      counts.recordsIn += batch.length
      kernel.metrics.recordsIn.inc({ stage }, batch.length)
    }
    for await (const drafts of source.read(context)) {
      if (kernel.signal.aborted) break
      for (const draft of drafts) {
        pending.push(stamp(draft, tenant))
        if (pending.length >= pipeline.batchSize) await flush()
      }
      // Published before the source is asked for more: a source that saves where it stopped when
      // asked (a sandboxed source's cursor) never gets ahead of what the pipeline holds.
      if (pending.length > 0) await flush()
    }
    await flush()
    logger.info('source finished')
  }
}

/** Adds tenant and id. A draft without usable id parts still gets an id (from its content), so the validator can refuse it by reference. */
function stamp(draft: DraftRecord, tenant: string): AetherRecord {
  const parts = {
    source: String(draft.source),
    sourceEventId: typeof draft.sourceEventId === 'string' ? draft.sourceEventId : JSON.stringify(draft),
    contract: String(draft.contract),
  }
  return { ...draft, tenant, id: recordId(parts) }
}
