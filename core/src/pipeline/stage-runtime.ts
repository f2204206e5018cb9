import { randomUUID } from 'node:crypto'
import { type AetherRecord, type BusMessage, type DecisionAction, type StageContext, type Subscription, TenantId } from '@aether/plugin-api'
import type { Kernel } from '../kernel/create-kernel.js'
import { stageConsumer } from './topology.js'

/** Header that carries a trace id from the source batch through every stage. */
export const traceHeader = 'aether-trace-id'

/** Counts a run keeps for its summary and progress output. */
export interface RunCounts {
  recordsIn: number
  valid: number
  invalid: number
  enrichments: number
  forecasts: number
  decisions: number
  /** The decisions by action; a per-workload policy's count one per workload. */
  decisionsByAction: Record<DecisionAction, number>
  stored: number
  duplicates: number
  failedItems: number
  /** Records storage refused for their data, stored as invalid records instead. */
  refusedByStorage: number
  /** Actions newly added to the storage's action ledger by what the sink stored. */
  actionsEnqueued: number
}

/** A fresh set of zero counts. */
export function emptyCounts(): RunCounts {
  return {
    recordsIn: 0, valid: 0, invalid: 0, enrichments: 0, forecasts: 0, decisions: 0, decisionsByAction: { hold: 0, migrate: 0, drain: 0 },
    stored: 0, duplicates: 0, failedItems: 0, refusedByStorage: 0, actionsEnqueued: 0,
  }
}

/** A copy of counts that later counting does not change. */
export function snapshotCounts(counts: RunCounts): RunCounts {
  return { ...counts, decisionsByAction: { ...counts.decisionsByAction } }
}

/** What a stage handler gets for one tenant's share of one message. */
export interface StageBatch {
  records: AetherRecord[]
  context: StageContext
  traceId: string
  headers: BusMessage['headers']
}

const lastFailures = new WeakMap<Kernel, Map<string, string>>()

/** The last failure of each consumer (by durable name) of a kernel's stages, for a run's summary. */
export function stageFailures(kernel: Kernel): Map<string, string> {
  return new Map(lastFailures.get(kernel))
}

function noteFailure(kernel: Kernel, durable: string, error: unknown): void {
  let failures = lastFailures.get(kernel)
  if (failures === undefined) lastFailures.set(kernel, failures = new Map())
  const code = (error as { code?: unknown } | null)?.code
  const message = error instanceof Error ? error.message : String(error)
  failures.set(durable, typeof code === 'string' ? `${code}: ${message}` : message)
}

/**
 * Subscribes a stage to a subject as the durable consumer the pipeline topology declares for it,
 * and runs `handle` once per tenant in each message. Records metrics, builds the stage context,
 * and lets a failure reach the bus so the message is redelivered (and dead-lettered after
 * `bus.maxDeliver` tries).
 */
export async function consumeStage(
  kernel: Kernel,
  stage: string,
  subject: string,
  handle: (batch: StageBatch) => Promise<void>,
): Promise<Subscription> {
  const { metrics } = kernel
  return kernel.bus.consume(subject, stageConsumer(kernel.config, subject, stage), async (message: BusMessage) => {
    const timer = metrics.batchSeconds.startTimer({ stage })
    const traceId = message.headers[traceHeader] ?? randomUUID()
    metrics.recordsIn.inc({ stage }, message.records.length)
    try {
      for (const [tenant, records] of groupByTenant(message.records, kernel.config.tenant)) {
        const logger = kernel.logger.child({ stage, tenant, traceId })
        await handle({ records, traceId, headers: message.headers, context: { tenant, traceId, logger, signal: kernel.signal } })
      }
      // A stage that succeeds again has no failure to report.
      lastFailures.get(kernel)?.delete(stage)
    } catch (error) {
      noteFailure(kernel, stage, error)
      kernel.logger.warn({ err: error, stage, traceId, subject, delivery: message.deliveryCount }, 'stage failed a batch; it will be redelivered')
      throw error
    } finally {
      timer()
    }
  })
}

/** Publishes records of one tenant to a subject with the trace id, and counts them. */
export async function publishStage(
  kernel: Kernel, stage: string, subject: string, records: AetherRecord[], traceId: string,
): Promise<void> {
  if (records.length === 0) return
  await kernel.bus.publish(subject, records, { headers: { [traceHeader]: traceId } })
  kernel.metrics.recordsOut.inc({ stage, subject }, records.length)
}

const tenantPattern = new RegExp(TenantId.pattern as string)

/**
 * Records grouped by tenant, keeping order. Records without a well-formed tenant id go to
 * `fallback`: a tenant id reaches subjects, logs and the database's tenant scope, so a malformed
 * one is never used as one (the validator refuses such a record, under the fallback tenant).
 */
export function groupByTenant(records: AetherRecord[], fallback: string): Map<string, AetherRecord[]> {
  const groups = new Map<string, AetherRecord[]>()
  for (const record of records) {
    const tenant = typeof record.tenant === 'string' && tenantPattern.test(record.tenant) ? record.tenant : fallback
    const group = groups.get(tenant)
    if (group === undefined) groups.set(tenant, [record])
    else group.push(record)
  }
  return groups
}
