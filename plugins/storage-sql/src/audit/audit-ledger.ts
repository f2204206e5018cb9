import type { SqlExecutor } from '../sql-executor.js'
import { inTenantScope } from '../tenant-scope.js'
import {
  entryHash, genesisHash, merkleRoot, verifyChain, type AuditAnchor, type AuditEntry, type ChainProblem,
} from './audit-chain.js'

/** What a caller says when it appends: the ledger adds sequence, time and hashes. */
export interface AuditEvent {
  kind: string
  actor: string
  subject: string
  payload: unknown
}

interface EntryRow {
  tenant: string; seq: number | string; kind: string; actor: string; subject: string; payload: unknown
  recorded_at: string | Date; prev_hash: string; hash: string
}

interface AnchorRow { tenant: string; from_seq: number | string; to_seq: number | string; merkle_root: string; anchored_at: string | Date }

/**
 * The audit ledger in SQL: per tenant, each entry's hash covers its content and the previous
 * entry's hash, so editing, deleting or reordering any entry breaks the chain; anchors store
 * Merkle roots over ranges of entries. Appends of one tenant are serialized by an advisory lock.
 */
export class SqlAuditLedger {
  constructor(
    private readonly executor: SqlExecutor,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Appends events in one transaction of their own. */
  append(tenant: string, events: AuditEvent[]): Promise<AuditEntry[]> {
    return inTenantScope(this.executor, tenant, (tx) => this.appendIn(tx, tenant, events))
  }

  /** Appends events inside a transaction already scoped to `tenant`, so they commit (or not) with it. */
  async appendIn(tx: SqlExecutor, tenant: string, events: AuditEvent[]): Promise<AuditEntry[]> {
    if (events.length === 0) return []
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`aether.audit:${tenant}`])
    const { rows } = await tx.query<{ seq: number | string; hash: string }>(
      'SELECT seq, hash FROM audit_entries WHERE tenant = $1 ORDER BY seq DESC LIMIT 1', [tenant])
    let seq = Number(rows[0]?.seq ?? 0)
    let prevHash = rows[0]?.hash ?? genesisHash
    const recordedAt = this.now().toISOString()
    const entries = events.map((event) => {
      seq += 1
      const unsigned = { tenant, seq, ...event, recordedAt, prevHash }
      const entry: AuditEntry = { ...unsigned, hash: entryHash(unsigned) }
      prevHash = entry.hash
      return entry
    })
    await tx.query(
      `INSERT INTO audit_entries (tenant, seq, kind, actor, subject, payload, recorded_at, prev_hash, hash)
       SELECT $1, (e->>'seq')::bigint, e->>'kind', e->>'actor', e->>'subject', e->'payload',
              (e->>'recordedAt')::timestamptz, e->>'prevHash', e->>'hash'
       FROM jsonb_array_elements($2::jsonb) AS e`,
      [tenant, JSON.stringify(entries)],
    )
    return entries
  }

  /**
   * Runs `work` in one transaction scoped to `tenant`, with the ledger bound to it: what `work`
   * appends and anchors commits only if `work` resolves, so it can record an act (an export)
   * only once the act has succeeded. Appending takes the tenant's append lock until the end.
   */
  transaction<T>(tenant: string, work: (ledger: LedgerTransaction) => Promise<T>): Promise<T> {
    return inTenantScope(this.executor, tenant, (tx) => work({
      append: (events) => this.appendIn(tx, tenant, events),
      anchor: () => this.anchorIn(tx, tenant),
      entries: () => entriesIn(tx, tenant),
      anchors: () => anchorsIn(tx, tenant),
    }))
  }

  /** Entries with `fromSeq <= seq <= toSeq`, in order. */
  entries(tenant: string, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): Promise<AuditEntry[]> {
    return inTenantScope(this.executor, tenant, (tx) => entriesIn(tx, tenant, fromSeq, toSeq))
  }

  /** Entries about the given subjects (record ids), for export and checks. */
  entriesFor(tenant: string, subjects: string[]): Promise<AuditEntry[]> {
    return inTenantScope(this.executor, tenant, async (tx) => {
      const { rows } = await tx.query<EntryRow>(
        `SELECT * FROM audit_entries WHERE tenant = $1 AND subject IN (SELECT jsonb_array_elements_text($2::jsonb)) ORDER BY seq`,
        [tenant, JSON.stringify(subjects)])
      return rows.map(toEntry)
    })
  }

  /** Stores an anchor over the entries since the last anchor; undefined when there are none. */
  anchor(tenant: string): Promise<AuditAnchor | undefined> {
    return inTenantScope(this.executor, tenant, (tx) => this.anchorIn(tx, tenant))
  }

  anchors(tenant: string): Promise<AuditAnchor[]> {
    return inTenantScope(this.executor, tenant, (tx) => anchorsIn(tx, tenant))
  }

  /** Checks the tenant's whole chain and anchors as stored; the first problem, or undefined. */
  async verify(tenant: string): Promise<ChainProblem | undefined> {
    return (await this.verdict(tenant)).problem
  }

  /**
   * Checks the tenant's whole chain against its anchors, and says how much of it the anchors
   * prove: an entry after the latest anchor can be edited or deleted (the last ones, without a
   * trace) until an anchor covers it.
   */
  async verdict(tenant: string): Promise<LedgerVerdict> {
    const { entries, anchors } = await inTenantScope(this.executor, tenant, async (tx) =>
      ({ entries: await entriesIn(tx, tenant), anchors: await anchorsIn(tx, tenant) }))
    const first = entries[0]
    const problem = first !== undefined && first.seq !== 1
      ? { seq: 1, problem: `entry #1 is missing; the chain starts at #${first.seq}` }
      : verifyChain(entries, anchors)
    const anchoredThroughSeq = anchors.at(-1)?.toSeq ?? 0
    const lastSeq = entries.at(-1)?.seq ?? 0
    return {
      tenant, isValid: problem === undefined, ...(problem === undefined ? {} : { problem }),
      entries: entries.length, anchors: anchors.length, anchoredThroughSeq, unanchored: Math.max(0, lastSeq - anchoredThroughSeq),
    }
  }

  /** True when the tenant has records or audit entries: what operator commands call a known tenant. */
  async hasTenant(tenant: string): Promise<boolean> {
    const { rows } = await inTenantScope(this.executor, tenant, (tx) => tx.query<{ known: boolean }>(
      `SELECT EXISTS (SELECT 1 FROM records WHERE tenant = $1) OR EXISTS (SELECT 1 FROM audit_entries WHERE tenant = $1) AS known`,
      [tenant]))
    return rows[0]?.known === true
  }

  /**
   * Tenants with records or audit entries, to name them when a command is given an unknown one.
   * It reads as the connecting user, outside any tenant scope: a superuser (PGlite's) sees every
   * tenant, a table owner that row-level security binds sees none.
   */
  async tenants(): Promise<string[]> {
    const { rows } = await this.executor.query<{ tenant: string }>(
      'SELECT tenant FROM records UNION SELECT tenant FROM audit_entries ORDER BY tenant')
    return rows.map((row) => row.tenant)
  }

  private async anchorIn(tx: SqlExecutor, tenant: string): Promise<AuditAnchor | undefined> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`aether.audit:${tenant}`])
    const { rows: last } = await tx.query<{ to_seq: number | string }>(
      'SELECT to_seq FROM audit_anchors WHERE tenant = $1 ORDER BY to_seq DESC LIMIT 1', [tenant])
    const fromSeq = Number(last[0]?.to_seq ?? 0) + 1
    const { rows } = await tx.query<{ hash: string; seq: number | string }>(
      'SELECT seq, hash FROM audit_entries WHERE tenant = $1 AND seq >= $2 ORDER BY seq', [tenant, fromSeq])
    if (rows.length === 0) return undefined
    const anchor: AuditAnchor = {
      tenant, fromSeq, toSeq: Number(rows[rows.length - 1]?.seq), merkleRoot: merkleRoot(rows.map((row) => row.hash)),
      anchoredAt: this.now().toISOString(),
    }
    await tx.query(
      'INSERT INTO audit_anchors (tenant, from_seq, to_seq, merkle_root, anchored_at) VALUES ($1, $2, $3, $4, $5)',
      [tenant, anchor.fromSeq, anchor.toSeq, anchor.merkleRoot, anchor.anchoredAt])
    return anchor
  }
}

/** The ledger of one tenant inside one transaction (see SqlAuditLedger.transaction). */
export interface LedgerTransaction {
  append(events: AuditEvent[]): Promise<AuditEntry[]>
  anchor(): Promise<AuditAnchor | undefined>
  entries(): Promise<AuditEntry[]>
  anchors(): Promise<AuditAnchor[]>
}

/** What verifying a tenant's stored ledger found, and how much of it the anchors prove. */
export interface LedgerVerdict {
  tenant: string
  isValid: boolean
  /** The first problem, naming the entry; absent when the ledger is valid. */
  problem?: ChainProblem
  entries: number
  anchors: number
  /** The last entry the latest anchor covers; 0 without anchors. */
  anchoredThroughSeq: number
  /** Entries after the latest anchor: nothing proves they were not edited, nor that later ones were not deleted. */
  unanchored: number
}

async function entriesIn(tx: SqlExecutor, tenant: string, fromSeq = 1, toSeq = Number.MAX_SAFE_INTEGER): Promise<AuditEntry[]> {
  const { rows } = await tx.query<EntryRow>(
    'SELECT * FROM audit_entries WHERE tenant = $1 AND seq BETWEEN $2 AND $3 ORDER BY seq', [tenant, fromSeq, toSeq])
  return rows.map(toEntry)
}

async function anchorsIn(tx: SqlExecutor, tenant: string): Promise<AuditAnchor[]> {
  const { rows } = await tx.query<AnchorRow>('SELECT * FROM audit_anchors WHERE tenant = $1 ORDER BY to_seq', [tenant])
  return rows.map(toAnchor)
}

function toEntry(row: EntryRow): AuditEntry {
  return {
    tenant: row.tenant, seq: Number(row.seq), kind: row.kind, actor: row.actor, subject: row.subject, payload: row.payload,
    recordedAt: new Date(row.recorded_at).toISOString(), prevHash: row.prev_hash, hash: row.hash,
  }
}

function toAnchor(row: AnchorRow): AuditAnchor {
  return {
    tenant: row.tenant, fromSeq: Number(row.from_seq), toSeq: Number(row.to_seq), merkleRoot: row.merkle_root,
    anchoredAt: new Date(row.anchored_at).toISOString(),
  }
}
