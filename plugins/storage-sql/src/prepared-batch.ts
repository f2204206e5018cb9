import type { AetherRecord } from '@aether/plugin-api'
import { StorageRecordUntimed, StorageTenantMismatch } from './errors.js'
import { contentHash } from './audit/audit-chain.js'
import type { AuditEvent } from './audit/audit-ledger.js'
import { actionsFromDecisions, type ActionRequest } from './actions/action.js'

/**
 * A batch checked and serialized for writing. It is plain data, so the JavaScript work of a
 * write (checks, JSON, content hashes) can happen on one thread and the SQL on another.
 */
export interface PreparedBatch {
  tenant: string
  size: number
  /** The records as one JSON array: the statement's single data parameter. */
  json: string
  /** The batch's decisions with the audit entry each gets if it is newly stored. */
  decisions: Array<{ id: string; audit: AuditEvent }>
  /**
   * The actions of the batch's guarded decisions (decision.v2 migrate and drain), enqueued in the
   * write's transaction. decision.v1 has no guardrails, so it never becomes an action by itself.
   */
  actions: ActionRequest[]
}

/** Checks that every record belongs to `tenant` and has a usable time, and serializes the batch. */
export function prepareBatch(tenant: string, records: AetherRecord[]): PreparedBatch {
  assertStorable(tenant, records)
  // A record can be in a batch twice (a redelivery gathered with its first delivery); it is
  // stored once, so its decision gets one audit entry.
  const decisionRecords = new Map<string, AetherRecord>()
  for (const record of records) {
    if (isDecision(record) && !decisionRecords.has(record.id)) decisionRecords.set(record.id, record)
  }
  const decisions = [...decisionRecords.values()].map((record) => ({
    id: record.id,
    audit: {
      kind: 'decision',
      actor: String(record.source),
      subject: record.id,
      payload: { contentHash: contentHash(record), action: record.action, forecastId: record.forecastId },
    },
  }))
  const guarded = [...decisionRecords.values()].filter((record) => record.contract === 'decision.v2')
  return { tenant, size: records.length, json: JSON.stringify(records), decisions, actions: actionsFromDecisions(guarded) }
}

/** True for a decision record of any version: each gets an audit entry. */
export function isDecision(record: { contract: string }): boolean {
  return record.contract === 'decision.v1' || record.contract === 'decision.v2'
}

function assertStorable(tenant: string, records: AetherRecord[]): void {
  // Most records share the previous one's time: a time already found valid is not parsed again.
  let validTime: string | undefined
  for (const record of records) {
    if (record.tenant !== tenant) throw new StorageTenantMismatch([tenant, String(record.tenant), record.id])
    const time = record.timestamp ?? record.receivedAt
    if (time !== undefined && time === validTime) continue
    if (typeof time !== 'string' || Number.isNaN(Date.parse(time))) throw new StorageRecordUntimed([record.id, record.contract])
    validTime = time
  }
}
