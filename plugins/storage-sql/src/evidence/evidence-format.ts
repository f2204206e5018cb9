/** The files of an evidence archive. */
export const evidenceFiles = {
  manifest: 'manifest.json',
  records: 'records.jsonl',
  auditEntries: 'audit-entries.jsonl',
  anchors: 'anchors.json',
} as const

/** One file as the manifest describes it. */
export interface ManifestFile {
  name: string
  sha256: string
  bytes: number
  /** Lines (JSONL) or items (JSON array). */
  items: number
}

/** What an evidence archive says about itself. */
export interface EvidenceManifest {
  format: 'aether-evidence@1'
  tenant: string
  from: string
  to: string
  exportedAt: string
  files: ManifestFile[]
  /** The newest anchor's Merkle root at export time, if any. */
  latestAnchorRoot: string | undefined
}
