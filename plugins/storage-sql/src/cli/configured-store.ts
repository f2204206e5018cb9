import type { Command } from 'commander'
import { createKernelFromConfig, loadCommandConfig, storagePoint, type Kernel } from '@aether/core'
import { SqlRecordStore } from '../record-store.js'
import { StorageCommandUnsupported } from '../errors.js'

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

/** Starts a kernel with the configuration's plugins, runs `work` on its SQL store, and stops it. */
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
    return await work(store, kernel)
  } finally {
    await kernel.stop()
  }
}
