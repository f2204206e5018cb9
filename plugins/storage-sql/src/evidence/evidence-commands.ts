import { readFile, writeFile } from 'node:fs/promises'
import type { Command } from 'commander'
import type { CliContribution } from '@aether/core'
import { withConfiguredStore, withStoreOptions, type StoreCommandOptions } from '../cli/configured-store.js'
import { exportEvidence } from './export-evidence.js'
import { verifyEvidence } from './verify-evidence.js'

/** `aether evidence export` and `aether evidence verify`. */
export const addEvidenceCommands: CliContribution = (program: Command) => {
  const evidence = program.command('evidence').description('export and verify audit evidence')

  withStoreOptions(evidence.command('export'))
    .description("write one tenant's records, audit chain, anchors and a manifest of hashes to a zip")
    .requiredOption('--from <time>', 'start of the window (ISO 8601, inclusive)')
    .requiredOption('--to <time>', 'end of the window (ISO 8601, exclusive)')
    .requiredOption('--out <file>', 'zip file to write')
    .option('--actor <actor>', 'who exports, for the audit entry', process.env.USER ?? 'aether-cli')
    .action(async (options: StoreCommandOptions & { from: string; to: string; out: string; actor: string }) => {
      for (const [name, value] of [['--from', options.from], ['--to', options.to]] as const) {
        if (Number.isNaN(Date.parse(value))) program.error(`${name} ${JSON.stringify(value)} is not a date; use ISO 8601 such as 2023-05-01T00:00:00Z.`)
      }
      await withConfiguredStore('evidence export', options, async (store, kernel) => {
        const from = new Date(options.from).toISOString()
        const to = new Date(options.to).toISOString()
        const archive = await exportEvidence({ store, ledger: store.ledger }, { tenant: options.tenant, from, to, actor: options.actor },
          (records) => kernel.logger.info({ records }, 'exporting evidence'))
        await writeFile(options.out, archive.zip)
        const counts = Object.fromEntries(archive.manifest.files.map((file) => [file.name, file.items]))
        process.stdout.write(`Wrote ${options.out}: ${JSON.stringify(counts)}\n`)
        process.stdout.write(`Manifest SHA-256: ${archive.manifestSha256}\nKeep this hash apart from the archive; verify with --expect-manifest.\n`)
      })
    })

  evidence.command('verify')
    .description('check an evidence zip offline; names the first entry, record or file that fails')
    .argument('<file>', 'zip written by evidence export')
    .option('--expect-manifest <sha256>', 'the manifest hash printed at export')
    .action(async (file: string, options: { expectManifest?: string }) => {
      const verdict = verifyEvidence(await readFile(file), options.expectManifest === undefined ? {} : { expectedManifestSha256: options.expectManifest })
      const { counts } = verdict
      if (!verdict.isValid) {
        process.stdout.write(`INVALID ${file}: ${verdict.problem}\n`)
        process.exitCode = 1
        return
      }
      process.stdout.write(`VALID ${file}: ${counts.records} records, ${counts.auditEntries} audit entries, ` +
        `${counts.anchors} anchors, ${counts.decisionsChecked} decisions checked against the ledger; manifest SHA-256 ${verdict.manifestSha256}\n`)
    })
}
