import { hash } from 'node:crypto'
import { strToU8, zipSync } from 'fflate'
import type { SqlAuditLedger } from '../audit/audit-ledger.js'
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

/**
 * Builds an evidence archive of one tenant's window: every record in [from, to), the tenant's
 * whole audit chain and its anchors (so the chain verifies from its first entry), and a manifest
 * with each file's SHA-256. The export appends an `evidence-export` entry holding the records'
 * hash and anchors the chain first. Verification needs no database: see verifyEvidence.
 */
export async function exportEvidence(
  source: EvidenceSource,
  window: { tenant: string; from: string; to: string; actor: string },
  onProgress?: (records: number) => void,
): Promise<EvidenceArchive> {
  const { tenant, from, to, actor } = window
  const recordLines: string[] = []
  for await (const page of source.store.streamWindow(tenant, from, to)) {
    for (const record of page) recordLines.push(JSON.stringify(record))
    onProgress?.(recordLines.length)
  }
  const recordsText = jsonl(recordLines)
  // The export itself is audited, with the hash of the records it exports, and anchored: changing
  // a record in the archive then means rewriting the chain and its anchors too.
  await source.ledger.append(tenant, [{
    kind: 'evidence-export', actor, subject: `${from}..${to}`,
    payload: { from, to, records: recordLines.length, recordsSha256: hash('sha256', recordsText) },
  }])
  await source.ledger.anchor(tenant)
  const entries = await source.ledger.entries(tenant)
  const anchors = await source.ledger.anchors(tenant)
  const contents: Record<string, { text: string; items: number }> = {
    [evidenceFiles.records]: { text: recordsText, items: recordLines.length },
    [evidenceFiles.auditEntries]: { text: jsonl(entries.map((entry) => JSON.stringify(entry))), items: entries.length },
    [evidenceFiles.anchors]: { text: JSON.stringify(anchors, null, 2), items: anchors.length },
  }
  const files: ManifestFile[] = Object.entries(contents).map(([name, { text, items }]) => ({
    name, sha256: hash('sha256', text), bytes: Buffer.byteLength(text), items,
  }))
  const manifest: EvidenceManifest = {
    format: 'aether-evidence@1', tenant, from, to, exportedAt: new Date().toISOString(), files,
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
