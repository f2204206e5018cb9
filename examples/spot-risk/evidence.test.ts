import { createHash } from 'node:crypto'
import { readFile, stat, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { entryHash, merkleRoot, verifyEvidence, type AuditAnchor, type AuditEntry } from '@aether/storage-sql'
import { beforeAll, describe, expect, it } from 'vitest'
import { runAether } from './run-cli.js'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

const exampleDir = fileURLToPath(new URL('.', import.meta.url))

// Each aether command that opens storage starts a kernel and PGlite: seconds, more on a busy machine.
const cliTimeoutMs = 180_000

/** Rewrites one file of an archive, as someone tampering with it would. */
function tamper(zip: Uint8Array, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(zip)
  change(files)
  return zipSync(files)
}

/** Makes the manifest match the tampered files, as a careful forger would. */
function rehashManifest(files: Record<string, Uint8Array>): void {
  const manifest = JSON.parse(strFromU8(files['manifest.json'] as Uint8Array)) as { files: Array<{ name: string; sha256: string }> }
  for (const file of manifest.files) file.sha256 = createHash('sha256').update(strFromU8(files[file.name] as Uint8Array)).digest('hex')
  files['manifest.json'] = strToU8(JSON.stringify(manifest))
}

function editLines(files: Record<string, Uint8Array>, name: string, edit: (lines: string[]) => void): void {
  const lines = strFromU8(files[name] as Uint8Array).split('\n')
  edit(lines)
  files[name] = strToU8(lines.join('\n'))
}

describe('evidence of a real spot-risk run, exported and verified with the aether CLI', () => {
  let dir: string
  let dataDir: string
  let zipFile: string
  let zip: Uint8Array
  let manifestSha: string
  const exportTo = (out: string, ...more: string[]): ReturnType<typeof runAether> =>
    runAether(['evidence', 'export', '-c', 'pipeline.json', '--set', `plugins.0.config.dataDir=${dataDir}`, '--tenant', 'demo',
      '--from', '2023-04-01T00:00:00Z', '--to', '2023-06-01T00:00:00Z', '--out', out, ...more], exampleDir)
  const exportEntries = async (): Promise<number> => {
    const storage = await openPgliteStorage(dataDir)
    try {
      return (await storage.executor.query(`SELECT seq FROM audit_entries WHERE kind = 'evidence-export'`)).rows.length
    } finally {
      await storage.close()
    }
  }
  /** Writes an archive to a file of its own, for the CLI to verify. */
  const saved = async (name: string, archive: Uint8Array): Promise<string> => {
    const path = join(dir, name)
    await writeFile(path, archive)
    return path
  }

  beforeAll(async () => {
    dir = await temporaryDirectory('aether-evidence-')
    dataDir = join(dir, 'db')
    expect((await runAether(['run', 'pipeline.json', '--no-progress', '--log-level', 'warn', '--set', `plugins.0.config.dataDir=${dataDir}`], exampleDir)).code).toBe(0)
    zipFile = join(dir, 'evidence.zip')
    const exported = await exportTo(zipFile)
    expect(exported.stderr).toBe('')
    manifestSha = /Manifest SHA-256: ([0-9a-f]{64})/.exec(exported.stdout)?.[1] as string
    zip = new Uint8Array(await readFile(zipFile))
  }, cliTimeoutMs)

  it('verifies offline, checking every decision against the ledger', async () => {
    const { code, stdout } = await runAether(['evidence', 'verify', zipFile, '--expect-manifest', manifestSha], exampleDir)
    expect(stdout).toMatch(/^VALID .*: \d+ records, \d+ audit entries, 1 anchors, [1-9]\d* decisions checked against the ledger/)
    expect(code).toBe(0)
  })

  it('catches an edited decision, naming it, even with the records hash, the chain after it and the manifest rewritten to match', async () => {
    let editedId = ''
    const tampered = tamper(zip, (files) => {
      let recordsText = ''
      editLines(files, 'records.jsonl', (lines) => {
        // The forger hides a move: a drain or migrate becomes a hold.
        const index = lines.findIndex((line) => line.includes('"contract":"decision.v2"') && JSON.parse(line).action !== 'hold')
        const record = JSON.parse(lines[index] as string)
        editedId = record.id
        lines[index] = JSON.stringify({ ...record, action: 'hold' })
        recordsText = lines.join('\n')
      })
      // The forger also gives the export entry the new records hash, relinks the entries after it
      // and recomputes the anchors: only the decision's own audit entry still holds the truth.
      const entries = strFromU8(files['audit-entries.jsonl'] as Uint8Array).split('\n').filter(Boolean).map((line) => JSON.parse(line) as AuditEntry)
      const exportIndex = entries.findLastIndex((entry) => entry.kind === 'evidence-export')
      const exported = entries[exportIndex] as AuditEntry
      const recordsSha256 = createHash('sha256').update(recordsText).digest('hex')
      entries[exportIndex] = { ...exported, payload: { ...(exported.payload as object), recordsSha256 } }
      for (let i = exportIndex; i < entries.length; i++) {
        const entry = { ...entries[i] as AuditEntry, prevHash: (entries[i - 1] as AuditEntry).hash }
        entries[i] = { ...entry, hash: entryHash(entry) }
      }
      files['audit-entries.jsonl'] = strToU8(entries.map((entry) => JSON.stringify(entry)).join('\n') + '\n')
      const anchors = JSON.parse(strFromU8(files['anchors.json'] as Uint8Array)) as AuditAnchor[]
      for (const anchor of anchors) {
        anchor.merkleRoot = merkleRoot(entries.filter((entry) => entry.seq >= anchor.fromSeq && entry.seq <= anchor.toSeq).map((entry) => entry.hash))
      }
      files['anchors.json'] = strToU8(JSON.stringify(anchors))
      rehashManifest(files)
    })
    expect(editedId).toMatch(/^[0-9a-f]{32}$/)
    expect(verifyEvidence(tampered).problem).toMatch(new RegExp(`^decision ${editedId} does not match its audit entry #\\d+: the record was changed$`))
    expect(verifyEvidence(tampered, { expectedManifestSha256: manifestSha }).problem).toMatch(/^the manifest's SHA-256 is [0-9a-f]{64}, not the/)
  })

  it('catches an edited record file against the manifest', async () => {
    const tampered = tamper(zip, (files) => editLines(files, 'records.jsonl', (lines) => { lines[0] = (lines[0] as string).replace('"demo"', '"demo" ') }))
    expect(verifyEvidence(tampered).problem).toBe('records.jsonl was changed: its SHA-256 does not match the manifest')
  })

  it('catches an edited audit hash, naming the entry', async () => {
    const tampered = tamper(zip, (files) => {
      editLines(files, 'audit-entries.jsonl', (lines) => {
        const entry = JSON.parse(lines[4] as string)
        lines[4] = JSON.stringify({ ...entry, hash: 'f'.repeat(64) })
      })
      rehashManifest(files)
    })
    expect(verifyEvidence(tampered).problem).toBe('audit chain: entry #5 was changed: its hash does not match its content')
  })

  it('catches audit entries put out of order, naming where', async () => {
    const tampered = tamper(zip, (files) => {
      editLines(files, 'audit-entries.jsonl', (lines) => { [lines[2], lines[3]] = [lines[3] as string, lines[2] as string] })
      rehashManifest(files)
    })
    expect(verifyEvidence(tampered).problem).toBe('audit chain: entry #4 follows #2: entries are missing or out of order')
  })

  it('prints the verdict as JSON with --json', async () => {
    const { code, stdout } = await runAether(['evidence', 'verify', zipFile, '--json'], exampleDir)
    expect(JSON.parse(stdout)).toEqual({ file: zipFile, ...verifyEvidence(zip) })
    expect(code).toBe(0)
  }, cliTimeoutMs)

  it('names the line of records.jsonl that is not JSON, even with the manifest rewritten to match', async () => {
    const path = await saved('garbage.zip', tamper(zip, (files) => {
      editLines(files, 'records.jsonl', (lines) => { lines[2] = 'not json at all' })
      rehashManifest(files)
    }))
    const { code, stdout, stderr } = await runAether(['evidence', 'verify', path], exampleDir)
    expect(stdout).toBe(`INVALID ${path}: records.jsonl line 3 is not a JSON object (not valid JSON)\n`)
    expect(stderr).toBe('')
    expect(code).toBe(1)
  }, cliTimeoutMs)

  it('refuses to verify an archive that is not there, with a coded error naming it', async () => {
    const path = join(dir, 'no-such.zip')
    const { code, stdout, stderr } = await runAether(['evidence', 'verify', path], exampleDir)
    expect(stderr).toBe(`error AETHER_E_STORAGE_EVIDENCE_UNREADABLE: Cannot read evidence archive ${path}: there is no such file. Check the path.\n` +
      `  caused by: ENOENT: no such file or directory, open '${path}'\n`)
    expect(stdout).toBe('')
    expect(code).toBe(1)
  }, cliTimeoutMs)

  it('refuses to export into a folder that does not exist, and records no export', async () => {
    const before = await exportEntries()
    const out = join(dir, 'no-such-folder', 'evidence.zip')
    const { code, stdout, stderr } = await exportTo(out)
    expect(stderr).toBe(`error AETHER_E_STORAGE_OUTPUT_UNWRITABLE: Cannot write ${out}: the folder ${join(dir, 'no-such-folder')} does not exist; ` +
      'nothing was exported or recorded. Create the folder or choose another --out.\n')
    expect(stdout).toBe('')
    expect(code).toBe(1)
    expect(await exportEntries()).toBe(before)
  }, cliTimeoutMs)

  it('refuses to replace an existing file unless --force is given', async () => {
    const out = join(dir, 'taken.zip')
    await writeFile(out, 'an earlier archive')
    const refused = await exportTo(out)
    expect(refused.stderr).toBe(`error AETHER_E_STORAGE_OUTPUT_EXISTS: ${out} already exists; nothing was exported. ` +
      'Choose another --out, or pass --force to replace it.\n')
    expect(refused.code).toBe(1)
    expect(await readFile(out, 'utf8')).toBe('an earlier archive')

    expect((await exportTo(out, '--force')).code).toBe(0)
    expect(verifyEvidence(new Uint8Array(await readFile(out))).isValid).toBe(true)
  }, cliTimeoutMs)

  it('refuses a window that ends before it starts, writing nothing', async () => {
    const out = join(dir, 'reversed.zip')
    const { code, stderr } = await runAether(['evidence', 'export', '-c', 'pipeline.json', '--set', `plugins.0.config.dataDir=${dataDir}`,
      '--tenant', 'demo', '--from', '2023-06-01T00:00:00Z', '--to', '2023-04-01T00:00:00Z', '--out', out], exampleDir)
    expect(stderr).toMatch(/^error AETHER_E_STORAGE_WINDOW_REVERSED: The window from 2023-06-01T00:00:00\.000Z to 2023-04-01T00:00:00\.000Z is reversed or empty/)
    expect(code).toBe(1)
    await expect(stat(out)).rejects.toThrow(/ENOENT/)
  }, cliTimeoutMs)

  it('catches a missing file, naming it', async () => {
    const tampered = tamper(zip, (files) => { delete files['anchors.json'] })
    const path = await saved('missing.zip', tampered)
    const { code, stdout } = await runAether(['evidence', 'verify', path], exampleDir)
    expect(stdout).toBe(`INVALID ${path}: the manifest lists anchors.json but the archive has no such file\n`)
    expect(code).toBe(1)
  })
})
