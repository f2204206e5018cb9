import type { Command } from 'commander'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'

/** The options every command that loads configuration shares. */
export interface ConfigOptions {
  set?: string[]
  tenant?: string
  logLevel?: string
}

/** Adds `--set`, `--tenant` and `--log-level` to a command. */
export function withConfigOptions(command: Command): Command {
  return command
    .option('--set <path=value>', 'override a configuration value, e.g. --set bus.maxInFlight=4 (repeatable)',
      (value: string, previous: string[] = []) => [...previous, value])
    .option('--tenant <tenant>', 'tenant to stamp on records (same as --set tenant=...)')
    .option('--log-level <level>', 'log level: trace, debug, info, warn, error, fatal or silent')
}

/** Loads configuration from the file (if any), `AETHER_*` environment variables and the flags. */
export function loadCommandConfig(file: string | undefined, options: ConfigOptions): Promise<LoadedConfig> {
  const flags = [...(options.set ?? [])]
  if (options.tenant !== undefined) flags.push(`tenant=${options.tenant}`)
  if (options.logLevel !== undefined) flags.push(`log.level=${options.logLevel}`)
  return loadConfig({ ...(file === undefined ? {} : { file }), env: process.env, flags })
}
