import { hash } from 'node:crypto'
import { strFromU8, unzipSync } from 'fflate'
import { contentHash, verifyChain, type AuditAnchor, type AuditEntry } from '../audit/audit-chain.js'
import { evidenceFiles, type EvidenceManifest } from './evidence-format.js'

/** The outcome of verifying an archive: what was checked, and the first problem if any. */
export interface EvidenceVerdict {
  isValid: boolean
  /** The first problem found, in words that name the file, entry or record. */
  problem?: string
  manifestSha256?: string
  counts: { records: number; auditEntries: number; anchors: number; decisionsChecked: number }
}

/**
 * Verifies an evidence archive offline: every file the manifest lists is present, unchanged and
 * nothing else is there; the audit chain is intact from entry #1 and matches every anchor; the
 * records file matches the hash its evidence-export entry holds; and every decision record
 * matches the content hash its own audit entry holds. Pass the manifest hash printed at export
 * to also rule out an archive rewritten as a whole.
 */
export function verifyEvidence(zipBytes: Uint8Array, options: { expectedManifestSha256?: string } = {}): EvidenceVerdict {
  const counts = { records: 0, auditEntries: 0, anchors: 0, decisionsChecked: 0 }
  const fail = (problem: string, manifestSha256?: string): EvidenceVerdict => ({ isValid: false, problem, counts, ...(manifestSha256 ? { manifestSha256 } : {}) })
  let files: Record<string, Uint8Array>
  try {
    files = unzipSync(zipBytes)
  } catch (error) {
    return fail(`the file is not a readable zip archive (${(error as Error).message})`)
  }
  const manifestBytes = files[evidenceFiles.manifest]
  if (manifestBytes === undefined) return fail(`the archive has no ${evidenceFiles.manifest}`)
  const manifestText = strFromU8(manifestBytes)
  const manifestSha256 = hash('sha256', manifestText)
  if (options.expectedManifestSha256 !== undefined && options.expectedManifestSha256 !== manifestSha256) {
    return fail(`the manifest's SHA-256 is ${manifestSha256}, not the ${options.expectedManifestSha256} recorded at export`, manifestSha256)
  }
  let manifest: EvidenceManifest
  try {
    manifest = JSON.parse(manifestText) as EvidenceManifest
  } catch {
    return fail(`${evidenceFiles.manifest} is not valid JSON`, manifestSha256)
  }
  const texts = new Map<string, string>()
  for (const file of manifest.files ?? []) {
    const bytes = files[file.name]
    if (bytes === undefined) return fail(`the manifest lists ${file.name} but the archive has no such file`, manifestSha256)
    const text = strFromU8(bytes)
    if (hash('sha256', text) !== file.sha256) return fail(`${file.name} was changed: its SHA-256 does not match the manifest`, manifestSha256)
    texts.set(file.name, text)
  }
  const unlisted = Object.keys(files).filter((name) => name !== evidenceFiles.manifest && !texts.has(name))
  if (unlisted.length > 0) return fail(`the archive holds ${unlisted.join(', ')}, which the manifest does not list`, manifestSha256)
  for (const required of [evidenceFiles.records, evidenceFiles.auditEntries, evidenceFiles.anchors]) {
    if (!texts.has(required)) return fail(`the manifest does not list ${required}`, manifestSha256)
  }

  const entries = parseLines<AuditEntry>(texts.get(evidenceFiles.auditEntries) as string)
  const anchors = JSON.parse(texts.get(evidenceFiles.anchors) as string) as AuditAnchor[]
  const records = parseLines<{ id: string; contract: string }>(texts.get(evidenceFiles.records) as string)
  counts.records = records.length
  counts.auditEntries = entries.length
  counts.anchors = anchors.length
  if (entries.length > 0 && entries[0]?.seq !== 1) return fail(`the audit chain starts at entry #${entries[0]?.seq}, not #1`, manifestSha256)
  const chainProblem = verifyChain(entries, anchors)
  if (chainProblem !== undefined) return fail(`audit chain: ${chainProblem.problem}`, manifestSha256)

  const recordsSha256 = hash('sha256', texts.get(evidenceFiles.records) as string)
  const exportEntry = entries.findLast((entry) => entry.kind === 'evidence-export' && entry.subject === `${manifest.from}..${manifest.to}`)
  if (exportEntry === undefined) return fail(`the audit chain has no evidence-export entry for ${manifest.from}..${manifest.to}`, manifestSha256)
  if ((exportEntry.payload as { recordsSha256?: string }).recordsSha256 !== recordsSha256) {
    return fail(`${evidenceFiles.records} does not match the records hash in audit entry #${exportEntry.seq}: records were changed, added, removed or reordered`, manifestSha256)
  }

  const entryBySubject = new Map(entries.filter((entry) => entry.kind === 'decision').map((entry) => [entry.subject, entry]))
  for (const record of records) {
    if (record.contract !== 'decision.v1') continue
    const entry = entryBySubject.get(record.id)
    if (entry === undefined) return fail(`decision ${record.id} has no audit entry`, manifestSha256)
    if ((entry.payload as { contentHash?: string }).contentHash !== contentHash(record)) {
      return fail(`decision ${record.id} does not match its audit entry #${entry.seq}: the record was changed`, manifestSha256)
    }
    counts.decisionsChecked += 1
  }
  return { isValid: true, manifestSha256, counts }
}

function parseLines<T>(text: string): T[] {
  return text.split('\n').filter((line) => line.length > 0).map((line) => JSON.parse(line) as T)
}
