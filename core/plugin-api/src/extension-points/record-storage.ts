import type { AetherRecord } from '../contracts/record.js'

/** What a batched write did. */
export interface WriteOutcome {
  inserted: number
  /** Records whose id was already stored for the tenant: nothing is written twice. */
  duplicates: number
  /**
   * Actions the write added to the storage's action ledger (a newly stored guarded decision
   * enqueues its action); absent when the storage keeps no ledger.
   */
  actionsEnqueued?: number
}

/** A query for one tenant's records of one contract in a time window [from, to). */
export interface WindowQuery {
  tenant: string
  contract: string
  from: string
  to: string
  limit?: number
}

/** Persists records idempotently, scoped by tenant, queryable by time window. */
export interface RecordStorage {
  /**
   * Writes a batch of one tenant's records in one transaction; replays insert nothing. A batch
   * refused for what its records hold (not for a passing fault) rejects with
   * StorageRecordsRefused and writes nothing, so the sink can find the records at fault.
   */
  writeBatch(tenant: string, records: AetherRecord[]): Promise<WriteOutcome>
  queryWindow(query: WindowQuery): Promise<AetherRecord[]>
  /** Stored record counts by contract, for summaries and checks. */
  countByContract(tenant: string): Promise<Record<string, number>>
  /** Resolves when storage answers; rejects with the reason otherwise. */
  ping(): Promise<void>
  /** Where the data is, for people: a directory or a connection string without password. */
  describe(): string
}
