import type { Command } from 'commander'
import { integerAtLeast, type CliContribution } from '@aether/core'
import { isoTime, parseWindow, withConfiguredStore, withStoreOptions, writeOutcome, type StoreCommandOptions } from './configured-store.js'

const actorOption = ['--actor <actor>', 'who acts, for the audit entry', process.env.USER ?? 'aether-cli'] as const
const jsonOption = ['--json', 'print the outcome as one JSON document'] as const

/**
 * `aether retention ttl|hold|release|gc`: a tenant's retention policy and its garbage collection.
 * A refused change (unknown tenant or hold, duplicate hold id, reversed window) exits 1 with a
 * coded error and records nothing.
 */
export const addRetentionCommands: CliContribution = (program: Command) => {
  const retention = program.command('retention').description("a tenant's retention: TTL, legal holds, garbage collection")

  withStoreOptions(retention.command('ttl'))
    .description('show the TTL of a tenant, or set it with --days')
    .option('--days <days>', 'keep records this many days (by their own time)', integerAtLeast(1, 'days'))
    .option(...actorOption)
    .option(...jsonOption)
    .action(async (options: StoreCommandOptions & { days?: number; actor: string; json?: boolean }) => {
      const { days } = options
      await withConfiguredStore('retention ttl', options, async (store) => {
        if (days !== undefined) await store.retention.setTtlDays(options.tenant, days, options.actor)
        const ttlDays = await store.retention.ttlDays(options.tenant)
        writeOutcome(options.json, { tenant: options.tenant, ttlDays }, `Tenant ${options.tenant} keeps records ${ttlDays} days.\n`)
      })
    })

  withStoreOptions(retention.command('hold'))
    .description('place a legal hold: records in the window are kept whatever their age')
    .requiredOption('--id <id>', 'name of the hold, to release it later; unique within the tenant')
    .requiredOption('--from <time>', 'start of the window (ISO 8601, inclusive)', isoTime)
    .requiredOption('--to <time>', 'end of the window (ISO 8601, exclusive), after --from', isoTime)
    .requiredOption('--reason <reason>', 'why, for the audit entry')
    .option(...actorOption)
    .option(...jsonOption)
    .action(async (options: StoreCommandOptions & { id: string; from: string; to: string; reason: string; actor: string; json?: boolean }) => {
      const hold = { id: options.id, ...parseWindow(options.from, options.to), reason: options.reason }
      await withConfiguredStore('retention hold', options, async (store) => {
        await store.retention.placeHold(options.tenant, hold, options.actor)
        writeOutcome(options.json, { tenant: options.tenant, placed: hold },
          `Hold ${hold.id} keeps tenant ${options.tenant}'s records from ${hold.from} to ${hold.to}.\n`)
      })
    })

  withStoreOptions(retention.command('release'))
    .description('release a legal hold')
    .requiredOption('--id <id>', 'name of the hold')
    .option(...actorOption)
    .option(...jsonOption)
    .action(async (options: StoreCommandOptions & { id: string; actor: string; json?: boolean }) => {
      await withConfiguredStore('retention release', options, async (store) => {
        const released = await store.retention.releaseHold(options.tenant, options.id, options.actor)
        writeOutcome(options.json, { tenant: options.tenant, released },
          `Released hold ${released.id} of tenant ${options.tenant} (records from ${released.from} to ${released.to}).\n`)
      })
    })

  withStoreOptions(retention.command('gc'))
    .description('anchor the audit ledger, then delete expired records in small batches (never held records or unanchored decisions)')
    .option('--no-anchor', 'do not anchor first (decisions not yet anchored are then kept)')
    .option('--batch-size <n>', 'records deleted per transaction', integerAtLeast(1, 'records'), 1000)
    .option(...actorOption)
    .option(...jsonOption)
    .action(async (options: StoreCommandOptions & { anchor: boolean; batchSize: number; actor: string; json?: boolean }) => {
      const { batchSize } = options
      await withConfiguredStore('retention gc', options, async (store) => {
        if (options.anchor) await store.ledger.anchor(options.tenant)
        const outcome = await store.retention.collect(options.tenant, { batchSize, actor: options.actor })
        writeOutcome(options.json, outcome, `Deleted ${outcome.deleted} records of tenant ${outcome.tenant} observed before ${outcome.cutoff} ` +
          `(TTL ${outcome.ttlDays} days) in ${outcome.batches} batches.\n`)
      })
    })
}
