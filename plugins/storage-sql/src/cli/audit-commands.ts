import type { Command } from 'commander'
import type { CliContribution } from '@aether/core'
import { withConfiguredStore, withStoreOptions, type StoreCommandOptions } from './configured-store.js'

/**
 * `aether audit anchor` and `aether audit verify`. Anchoring is meant to be scheduled (a systemd
 * timer or cron, see docs/operations.md): each anchor seals the entries since the previous one,
 * and retention may only collect decisions an anchor covers.
 */
export const addAuditCommands: CliContribution = (program: Command) => {
  const audit = program.command('audit').description("seal and check a tenant's audit ledger")

  withStoreOptions(audit.command('anchor'))
    .description('store a Merkle-root anchor over the audit entries since the last anchor')
    .action(async (options: StoreCommandOptions) => {
      await withConfiguredStore('audit anchor', options, async (store) => {
        const anchor = await store.ledger.anchor(options.tenant)
        process.stdout.write(anchor === undefined
          ? `Nothing to anchor for tenant ${options.tenant}: every entry is already covered.\n`
          : `Anchored entries #${anchor.fromSeq}-#${anchor.toSeq} of tenant ${options.tenant}: Merkle root ${anchor.merkleRoot}\n`)
      })
    })

  withStoreOptions(audit.command('verify'))
    .description("check the stored chain and anchors of a tenant; names the first entry that fails")
    .action(async (options: StoreCommandOptions) => {
      await withConfiguredStore('audit verify', options, async (store) => {
        const problem = await store.ledger.verify(options.tenant)
        if (problem !== undefined) {
          process.stdout.write(`INVALID ledger of tenant ${options.tenant}: ${problem.problem}\n`)
          process.exitCode = 1
          return
        }
        const [entries, anchors] = await Promise.all([store.ledger.entries(options.tenant), store.ledger.anchors(options.tenant)])
        const covered = anchors.at(-1)?.toSeq ?? 0
        process.stdout.write(`VALID ledger of tenant ${options.tenant}: ${entries.length} entries, ${anchors.length} anchors ` +
          `(entries up to #${covered} anchored, ${entries.length - covered} not yet)\n`)
      })
    })
}
