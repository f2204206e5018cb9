import { hash } from 'node:crypto'
import { strFromU8, unzipSync } from 'fflate'
import { contentHash, verifyChain, type AuditAnchor, type AuditEntry } from '../audit/audit-chain.js'
import { isDecision } from '../prepared-batch.js'
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
  if (!isObject(manifest) || !Array.isArray(manifest.files) || !manifest.files.every((file) => isObject(file) && typeof file.name === 'string')) {
    return fail(`${evidenceFiles.manifest} is not an evidence manifest: it has no list of named files`, manifestSha256)
  }
  const texts = new Map<string, string>()
  for (const file of manifest.files) {
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

  // A forger who rewrites the manifest can put anything in a file: parse defensively and name
  // the line, rather than fail on it.
  const entries = parseLines<AuditEntry>(evidenceFiles.auditEntries, texts.get(evidenceFiles.auditEntries) as string)
  if (typeof entries === 'string') return fail(entries, manifestSha256)
  const anchors = parseAnchors(texts.get(evidenceFiles.anchors) as string)
  if (typeof anchors === 'string') return fail(anchors, manifestSha256)
  const records = parseLines<{ id: string; contract: string }>(evidenceFiles.records, texts.get(evidenceFiles.records) as string)
  if (typeof records === 'string') return fail(records, manifestSha256)
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
    if (!isDecision(record)) continue
    const entry = entryBySubject.get(record.id)
    if (entry === undefined) return fail(`decision ${record.id} has no audit entry`, manifestSha256)
    if ((entry.payload as { contentHash?: string }).contentHash !== contentHash(record)) {
      return fail(`decision ${record.id} does not match its audit entry #${entry.seq}: the record was changed`, manifestSha256)
    }
    counts.decisionsChecked += 1
  }
  return { isValid: true, manifestSha256, counts }
}

/** The JSON objects of a JSONL file, or the problem with its first bad line (numbered from 1). */
function parseLines<T>(name: string, text: string): T[] | string {
  const items: T[] = []
  const lines = text.split('\n')
  for (const [index, line] of lines.entries()) {
    if (line.length === 0) continue
    const value = parseJson(line)
    if (!isObject(value)) return `${name} line ${index + 1} is not a JSON object${value === undefined ? ' (not valid JSON)' : ''}`
    items.push(value as T)
  }
  return items
}

function parseAnchors(text: string): AuditAnchor[] | string {
  const value = parseJson(text)
  if (!Array.isArray(value)) return `${evidenceFiles.anchors} is not a JSON array${value === undefined ? ' (not valid JSON)' : ''}`
  const bad = value.findIndex((anchor) => !isObject(anchor) || typeof anchor.fromSeq !== 'number' || typeof anchor.toSeq !== 'number')
  if (bad >= 0) return `${evidenceFiles.anchors} item ${bad + 1} is not an anchor with a fromSeq and a toSeq`
  return value as AuditAnchor[]
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
