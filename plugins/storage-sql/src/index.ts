import { addActionsCommands } from './cli/actions-commands.js'
import { addAuditCommands } from './cli/audit-commands.js'
import { addRetentionCommands } from './cli/retention-commands.js'
import { addEvidenceCommands } from './evidence/evidence-commands.js'

export { SqlRecordStore } from './record-store.js'
export { prepareBatch, isDecision, type PreparedBatch } from './prepared-batch.js'
export { migrate, bundledMigrations, type Migration } from './migrate.js'
export type { SqlExecutor, SqlResult } from './sql-executor.js'
export {
  StorageTenantMismatch, StorageRecordUntimed, MigrationFailed, StreamVersionConflict, StorageCommandUnsupported,
  TenantUnknown, TimeWindowReversed, LegalHoldExists, LegalHoldUnknown, OutputExists, OutputUnwritable, EvidenceUnreadable,
  ActionLeaseLost, FencingTokenStale, WebhookFailed, ActionExecutorUnconfigured,
} from './errors.js'
export { inTenantScope, applicationRole } from './tenant-scope.js'
export { SqlRetention, defaultTtlDays, type LegalHold, type CollectionOutcome } from './retention.js'
export { SqlEventStore, type NewEvent, type StoredEvent, type Projection, type Rebuilt } from './event-store.js'
export { SqlAuditLedger, type AuditEvent, type LedgerTransaction, type LedgerVerdict } from './audit/audit-ledger.js'
export {
  verifyChain, entryHash, contentHash, merkleRoot, genesisHash, type AuditEntry, type AuditAnchor, type ChainProblem,
} from './audit/audit-chain.js'
export { actionsFromDecisions, type ActionKind, type ActionRequest, type ClaimedAction } from './actions/action.js'
export { SqlActionLedger, type LedgerAction } from './actions/action-ledger.js'
export { SqlMoveAdmission } from './admissions/sql-move-admission.js'
export { ActionWorker, type ActionWorkerOptions, type WorkOutcome, type WorkStep } from './actions/action-worker.js'
export {
  FencedFileExecutor, readEffects, type ActionExecutor, type ExecutionOutcome, type Effect,
} from './actions/fenced-file-executor.js'
export { WebhookExecutor, fencingTokenHeader, idempotencyKeyHeader } from './actions/webhook-executor.js'
export {
  SqlModelLifecycleStore, type StoredLifecycle, type StoredModelVersion, type StoredLifecycleEvent, type LifecycleChange, type LifecycleWrite,
} from './lifecycle/model-lifecycle-store.js'
export { SqlAdapterStateStore, type AdapterRef, type KvSpaceQuota, type KvWrite } from './adapter-state/adapter-state-store.js'
export { canonicalJson } from './audit/canonical-json.js'
export { exportEvidence, type EvidenceArchive, type EvidenceSource, type ExportOptions } from './evidence/export-evidence.js'
export { verifyEvidence, type EvidenceVerdict } from './evidence/verify-evidence.js'
export { evidenceFiles, type EvidenceManifest, type ManifestFile } from './evidence/evidence-format.js'

/** The CLI commands this package contributes to `aether`. */
export const commands = [addEvidenceCommands, addAuditCommands, addRetentionCommands, addActionsCommands]
