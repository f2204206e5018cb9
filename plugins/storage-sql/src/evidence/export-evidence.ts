import { hash } from 'node:crypto'
import { strToU8, zipSync } from 'fflate'
import type { AuditAnchor, AuditEntry } from '../audit/audit-chain.js'
import type { SqlAuditLedger } from '../audit/audit-ledger.js'
import { checkWindow } from '../time-window.js'
import type { SqlRecordStore } from '../record-store.js'
import { evidenceFiles, type EvidenceManifest, type ManifestFile } from './evidence-format.js'

/** What export reads from: a record store and its ledger. */
export interface EvidenceSource {
  store: SqlRecordStore
  ledger: SqlAuditLedger
}

/** An exported archive and the hash of its manifest, to keep apart from the archive. */
export interface EvidenceArchive {
  zip: Uint8Array
  manifest: EvidenceManifest
  manifestSha256: string
}

/** Options of an export. */
export interface ExportOptions {
  /** Called with the number of records read so far. */
  onProgress?: (records: number) => void
  /**
   * Stores the archive (writes the file) inside the export's transaction: the export's audit
   * entry and anchor commit only if it resolves, so a failed write records nothing.
   */
  deliver?: (archive: EvidenceArchive) => Promise<void>
}

/**
 * Builds an evidence archive of one tenant's window: every record in [from, to), the tenant's
 * whole audit chain and its anchors (so the chain verifies from its first entry), and a manifest
 * with each file's SHA-256. The export appends an `evidence-export` entry holding the records'
 * hash and anchors the chain first, in one transaction with `deliver`. Refuses a window whose
 * `from` is not before `to`. Verification needs no database: see verifyEvidence.
 */
export async function exportEvidence(
  source: EvidenceSource,
  window: { tenant: string; from: string; to: string; actor: string },
  options: ExportOptions = {},
): Promise<EvidenceArchive> {
  const { tenant, from, to, actor } = window
  checkWindow(from, to)
  const recordLines: string[] = []
  for await (const page of source.store.streamWindow(tenant, from, to)) {
    for (const record of page) recordLines.push(JSON.stringify(record))
    options.onProgress?.(recordLines.length)
  }
  const recordsText = jsonl(recordLines)
  // The tenant's appends wait for this transaction (it holds the append lock from the entry
  // on), which lasts as long as building and delivering the zip: seconds for large windows.
  return source.ledger.transaction(tenant, async (ledger) => {
    // The export itself is audited, with the hash of the records it exports, and anchored:
    // changing a record in the archive then means rewriting the chain and its anchors too.
    await ledger.append([{
      kind: 'evidence-export', actor, subject: `${from}..${to}`,
      payload: { from, to, records: recordLines.length, recordsSha256: hash('sha256', recordsText) },
    }])
    await ledger.anchor()
    const archive = buildArchive({ tenant, from, to }, recordsText, recordLines.length, await ledger.entries(), await ledger.anchors())
    await options.deliver?.(archive)
    return archive
  })
}

function buildArchive(
  window: { tenant: string; from: string; to: string }, recordsText: string, records: number, entries: AuditEntry[], anchors: AuditAnchor[],
): EvidenceArchive {
  const contents: Record<string, { text: string; items: number }> = {
    [evidenceFiles.records]: { text: recordsText, items: records },
    [evidenceFiles.auditEntries]: { text: jsonl(entries.map((entry) => JSON.stringify(entry))), items: entries.length },
    [evidenceFiles.anchors]: { text: JSON.stringify(anchors, null, 2), items: anchors.length },
  }
  const files: ManifestFile[] = Object.entries(contents).map(([name, { text, items }]) => ({
    name, sha256: hash('sha256', text), bytes: Buffer.byteLength(text), items,
  }))
  const manifest: EvidenceManifest = {
    format: 'aether-evidence@1', ...window, exportedAt: new Date().toISOString(), files,
    latestAnchorRoot: anchors.at(-1)?.merkleRoot,
  }
  const manifestText = JSON.stringify(manifest, null, 2)
  const zip = zipSync({
    [evidenceFiles.manifest]: strToU8(manifestText),
    ...Object.fromEntries(Object.entries(contents).map(([name, { text }]) => [name, strToU8(text)])),
  })
  return { zip, manifest, manifestSha256: hash('sha256', manifestText) }
}

function jsonl(lines: string[]): string {
  return lines.length === 0 ? '' : `${lines.join('\n')}\n`
}
