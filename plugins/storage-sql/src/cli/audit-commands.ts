import type { Command } from 'commander'
import type { CliContribution } from '@aether/core'
import type { LedgerVerdict } from '../audit/audit-ledger.js'
import { withConfiguredStore, withStoreOptions, writeOutcome, type StoreCommandOptions } from './configured-store.js'

/**
 * `aether audit anchor` and `aether audit verify`. Anchoring is meant to be scheduled (a systemd
 * timer or cron, see docs/operations.md): each anchor seals the entries since the previous one,
 * and retention may only collect decisions an anchor covers.
 */
export const addAuditCommands: CliContribution = (program: Command) => {
  const audit = program.command('audit').description("seal and check a tenant's audit ledger")

  withStoreOptions(audit.command('anchor'))
    .description('store a Merkle-root anchor over the audit entries since the last anchor')
    .option('--json', 'print the anchor (or null when there was nothing to anchor) as one JSON document')
    .action(async (options: StoreCommandOptions & { json?: boolean }) => {
      await withConfiguredStore('audit anchor', options, async (store) => {
        const anchor = await store.ledger.anchor(options.tenant)
        writeOutcome(options.json, anchor ?? null, anchor === undefined
          ? `Nothing to anchor for tenant ${options.tenant}: every entry is already covered.\n`
          : `Anchored entries #${anchor.fromSeq}-#${anchor.toSeq} of tenant ${options.tenant}: Merkle root ${anchor.merkleRoot}\n`)
      })
    })

  withStoreOptions(audit.command('verify'))
    .description('check the stored chain against its anchors; names the first entry that fails, and how many entries no anchor proves yet')
    .option('--json', 'print the verdict as one JSON document')
    .action(async (options: StoreCommandOptions & { json?: boolean }) => {
      await withConfiguredStore('audit verify', options, async (store) => {
        const verdict = await store.ledger.verdict(options.tenant)
        if (!verdict.isValid) process.exitCode = 1
        writeOutcome(options.json, verdict, `${describeVerdict(verdict)}\n`)
      })
    })
}

/** One line for people: the verdict, and how far the anchors prove the chain. */
function describeVerdict(verdict: LedgerVerdict): string {
  const { tenant, entries, anchors, anchoredThroughSeq, unanchored } = verdict
  if (verdict.problem !== undefined) return `INVALID ledger of tenant ${tenant}: ${verdict.problem.problem}`
  const head = `VALID ledger of tenant ${tenant}: ${entries} entries, ${anchors} anchors`
  if (unanchored === 0) return `${head}; all ${entries} entries anchored.`
  const unproven = unanchored === 1 ? `entry #${anchoredThroughSeq + 1}` : `entries #${anchoredThroughSeq + 1}..#${anchoredThroughSeq + unanchored}`
  const coverage = anchors === 0
    ? `no anchor yet, so none of the ${entries} entries is provable`
    : `${entries - unanchored} entries anchored, ${unanchored} after the latest anchor not provable`
  return `${head}; ${coverage}: deleting or rewriting ${unproven} would go unnoticed until anchored (aether audit anchor).`
}
