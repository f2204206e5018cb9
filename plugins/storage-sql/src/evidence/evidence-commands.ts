import { readFile, rename, unlink } from 'node:fs/promises'
import type { Command } from 'commander'
import type { CliContribution } from '@aether/core'
import { isoTime, parseWindow, withConfiguredStore, withStoreOptions, writeOutcome, type StoreCommandOptions } from '../cli/configured-store.js'
import { EvidenceUnreadable } from '../errors.js'
import { checkOutput, describeFsError, setAside, writeOutput } from './output-file.js'
import { exportEvidence } from './export-evidence.js'
import { verifyEvidence } from './verify-evidence.js'

/**
 * `aether evidence export` and `aether evidence verify`. Export writes the zip before its audit
 * entry commits; a refused or failed export leaves no file and records nothing.
 */
export const addEvidenceCommands: CliContribution = (program: Command) => {
  const evidence = program.command('evidence').description('export and verify audit evidence')

  withStoreOptions(evidence.command('export'))
    .description("write one tenant's records, audit chain, anchors and a manifest of hashes to a zip")
    .requiredOption('--from <time>', 'start of the window (ISO 8601, inclusive)', isoTime)
    .requiredOption('--to <time>', 'end of the window (ISO 8601, exclusive), after --from', isoTime)
    .requiredOption('--out <file>', 'zip file to write, in a folder that exists')
    .option('--force', 'replace --out if it exists')
    .option('--actor <actor>', 'who exports, for the audit entry', process.env.USER ?? 'aether-cli')
    .option('--json', 'print the outcome as one JSON document')
    .action(async (options: StoreCommandOptions & { from: string; to: string; out: string; force?: boolean; actor: string; json?: boolean }) => {
      const { from, to } = parseWindow(options.from, options.to)
      await checkOutput(options.out, { overwrite: options.force === true })
      await withConfiguredStore('evidence export', options, async (store, kernel) => {
        // With --force the archive being replaced is set aside, not lost: it comes back if the export fails.
        const previous = options.force === true ? await setAside(options.out) : undefined
        let isWritten = false
        const archive = await exportEvidence({ store, ledger: store.ledger }, { tenant: options.tenant, from, to, actor: options.actor }, {
          onProgress: (records) => kernel.logger.info({ records }, 'exporting evidence'),
          deliver: async (built) => {
            // A retried transaction delivers again: the file an earlier attempt wrote is this export's own.
            await writeOutput(options.out, built.zip, { overwrite: isWritten })
            isWritten = true
          },
        }).catch(async (error: unknown) => {
          // The file was in place but the transaction holding its audit entry failed to commit:
          // an archive whose export is not recorded must not stand either.
          if (isWritten) await unlink(options.out).catch(() => undefined)
          if (previous !== undefined) await rename(previous, options.out)
          throw error
        })
        if (previous !== undefined) await unlink(previous)
        const counts = Object.fromEntries(archive.manifest.files.map((file) => [file.name, file.items]))
        writeOutcome(options.json, { file: options.out, counts, manifestSha256: archive.manifestSha256 },
          `Wrote ${options.out}: ${JSON.stringify(counts)}\n` +
          `Manifest SHA-256: ${archive.manifestSha256}\nKeep this hash apart from the archive; verify with --expect-manifest.\n`)
      })
    })

  evidence.command('verify')
    .description('check an evidence zip offline; names the first entry, record or file that fails')
    .argument('<file>', 'zip written by evidence export')
    .option('--expect-manifest <sha256>', 'the manifest hash printed at export')
    .option('--json', 'print the verdict as one JSON document')
    .action(async (file: string, options: { expectManifest?: string; json?: boolean }) => {
      const zip = await readFile(file).catch((error: unknown) => {
        throw new EvidenceUnreadable([file, describeFsError(error)], { cause: error })
      })
      const verdict = verifyEvidence(zip, options.expectManifest === undefined ? {} : { expectedManifestSha256: options.expectManifest })
      const { counts } = verdict
      if (!verdict.isValid) process.exitCode = 1
      writeOutcome(options.json, { file, ...verdict }, verdict.isValid
        ? `VALID ${file}: ${counts.records} records, ${counts.auditEntries} audit entries, ` +
          `${counts.anchors} anchors, ${counts.decisionsChecked} decisions checked against the ledger; manifest SHA-256 ${verdict.manifestSha256}\n`
        : `INVALID ${file}: ${verdict.problem}\n`)
    })
}
