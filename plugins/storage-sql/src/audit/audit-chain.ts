import { hash } from 'node:crypto'
import { canonicalJson } from './canonical-json.js'

/** The first entry of a tenant's chain follows this hash. */
export const genesisHash = '0'.repeat(64)

/** One audit ledger entry. `hash` covers every other field and the previous entry's hash. */
export interface AuditEntry {
  tenant: string
  seq: number
  /** decision, policy-change, adapter-install, admin-action, ... */
  kind: string
  actor: string
  /** What the entry is about: a record id, a policy name, an adapter@version. */
  subject: string
  payload: unknown
  recordedAt: string
  prevHash: string
  hash: string
}

/** A Merkle root over a range of entries' hashes, stored so that later edits are detected. */
export interface AuditAnchor {
  tenant: string
  fromSeq: number
  toSeq: number
  merkleRoot: string
  anchoredAt: string
}

const sha256 = (text: string): string => hash('sha256', text)

/** The hash an entry must carry, from its fields and the previous hash. */
export function entryHash(entry: Omit<AuditEntry, 'hash'>): string {
  const { tenant, seq, kind, actor, subject, payload, recordedAt, prevHash } = entry
  return sha256(`${prevHash}\n${canonicalJson({ tenant, seq, kind, actor, subject, payload, recordedAt })}`)
}

/** A record's content hash, as a decision's audit entry holds it. */
export function contentHash(value: unknown): string {
  return sha256(canonicalJson(value))
}

/** The Merkle root of a list of hashes (an odd node is paired with itself). */
export function merkleRoot(hashes: readonly string[]): string {
  if (hashes.length === 0) return sha256('')
  let level = [...hashes]
  while (level.length > 1) {
    const next: string[] = []
    for (let i = 0; i < level.length; i += 2) next.push(sha256(`${level[i]}${level[i + 1] ?? level[i]}`))
    level = next
  }
  return level[0] as string
}

/** The first problem found in a chain, naming the entry. */
export interface ChainProblem {
  seq: number
  problem: string
}

/**
 * Checks a run of consecutive entries (not necessarily from seq 1) and the anchors over them:
 * sequence without gaps or reordering, each hash over its content, each link to the previous
 * hash, the chain reaching as far as the latest anchor, anchors following each other without
 * gaps, and each anchor's Merkle root. Returns the first problem, or undefined.
 */
export function verifyChain(entries: readonly AuditEntry[], anchors: readonly AuditAnchor[] = []): ChainProblem | undefined {
  for (let i = 0; i < entries.length; i++) {
    const entry = entries[i] as AuditEntry
    const previous = entries[i - 1]
    if (previous !== undefined && entry.seq !== previous.seq + 1) {
      return { seq: entry.seq, problem: `entry #${entry.seq} follows #${previous.seq}: entries are missing or out of order` }
    }
    if (previous === undefined && entry.seq === 1 && entry.prevHash !== genesisHash) {
      return { seq: entry.seq, problem: 'entry #1 does not start from the genesis hash' }
    }
    if (previous !== undefined && entry.prevHash !== previous.hash) {
      return { seq: entry.seq, problem: `entry #${entry.seq} does not link to the hash of entry #${previous.seq}` }
    }
    if (entryHash(entry) !== entry.hash) {
      return { seq: entry.seq, problem: `entry #${entry.seq} was changed: its hash does not match its content` }
    }
  }
  // The latest anchor says how long the chain was when it was sealed: entries deleted from the
  // end leave an intact chain, so only this comparison catches them.
  const latest = anchors.at(-1)
  const lastSeq = entries.at(-1)?.seq ?? 0
  if (latest !== undefined && lastSeq < latest.toSeq) {
    const missing = lastSeq + 1 === latest.toSeq ? `entry #${latest.toSeq} is` : `entries #${lastSeq + 1}..#${latest.toSeq} are`
    return {
      seq: lastSeq + 1,
      problem: `${entries.length === 0 ? 'the chain is empty' : `the chain ends at entry #${lastSeq}`} but the latest anchor covers ` +
        `up to #${latest.toSeq}: ${missing} missing`,
    }
  }
  for (let i = 1; i < anchors.length; i++) {
    const [previous, anchor] = [anchors[i - 1] as AuditAnchor, anchors[i] as AuditAnchor]
    if (anchor.fromSeq !== previous.toSeq + 1) {
      return {
        seq: previous.toSeq + 1,
        problem: `the anchor over #${anchor.fromSeq}..#${anchor.toSeq} does not follow the one over #${previous.fromSeq}..#${previous.toSeq}: an anchor is missing or was changed`,
      }
    }
  }
  const bySeq = new Map(entries.map((entry) => [entry.seq, entry]))
  for (const anchor of anchors) {
    const covered: string[] = []
    for (let seq = anchor.fromSeq; seq <= anchor.toSeq; seq++) {
      const entry = bySeq.get(seq)
      if (entry === undefined) return { seq, problem: `entry #${seq}, anchored in #${anchor.fromSeq}..#${anchor.toSeq}, is missing` }
      covered.push(entry.hash)
    }
    if (merkleRoot(covered) !== anchor.merkleRoot) {
      return { seq: anchor.fromSeq, problem: `entries #${anchor.fromSeq}..#${anchor.toSeq} do not match their anchor's Merkle root` }
    }
  }
  return undefined
}
