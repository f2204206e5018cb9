import { InvalidArgumentError, type Command } from 'commander'
import { createKernelFromConfig, loadCommandConfig, storagePoint, type Kernel } from '@aether/core'
import { SqlRecordStore } from '../record-store.js'
import { StorageCommandUnsupported, TenantUnknown } from '../errors.js'
import { checkWindow } from '../time-window.js'

/** The options of every command that works on the storage a configuration names. */
export interface StoreCommandOptions {
  config: string
  tenant: string
  set?: string[]
}

/** Adds `-c/--config`, `--tenant` and `--set` to a storage command. */
export function withStoreOptions(command: Command): Command {
  return command
    .requiredOption('-c, --config <file>', 'configuration or pipeline file naming the storage plugin')
    .requiredOption('--tenant <tenant>', 'tenant to work on')
    .option('--set <path=value>', 'override a configuration value (repeatable)', (value: string, previous: string[] = []) => [...previous, value])
}

/**
 * Starts a kernel with the configuration's plugins, runs `work` on its SQL store, and stops it.
 * Refuses a tenant with neither records nor audit entries, naming those there are: a mistyped
 * tenant would otherwise get a ledger of its own, or a report about nothing.
 */
export async function withConfiguredStore<T>(
  command: string, options: StoreCommandOptions, work: (store: SqlRecordStore, kernel: Kernel) => Promise<T>,
): Promise<T> {
  const kernel = await createKernelFromConfig(await loadCommandConfig(options.config, {
    logLevel: 'warn', ...(options.set === undefined ? {} : { set: options.set }),
  }))
  await kernel.start()
  try {
    const store = kernel.resolve(storagePoint)
    if (!(store instanceof SqlRecordStore)) throw new StorageCommandUnsupported([command, store.describe()])
    if (!(await store.ledger.hasTenant(options.tenant))) throw new TenantUnknown([options.tenant, await store.ledger.tenants()])
    return await work(store, kernel)
  } finally {
    await kernel.stop()
  }
}

/** An option parser for a time: refuses what is no date, with the subcommand's help, and gives ISO 8601. */
export function isoTime(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`${JSON.stringify(value)} is not a date; use ISO 8601 such as 2023-05-01T00:00:00Z.`)
  return new Date(value).toISOString()
}

/** Refuses a reversed window (`from` not before `to`) before any storage is opened. */
export function parseWindow(from: string, to: string): { from: string; to: string } {
  checkWindow(from, to)
  return { from, to }
}

/** Writes a command's outcome: one JSON document with `--json`, else the text for people. */
export function writeOutcome(isJson: boolean | undefined, outcome: unknown, text: string): void {
  process.stdout.write(isJson === true ? `${JSON.stringify(outcome)}\n` : text)
}
