import type { Command } from 'commander'
import { logLevels } from '../logger.js'
import { loadConfig, type LoadedConfig } from '../config/load-config.js'
import { oneOf } from './usage.js'

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
    .option('--log-level <level>', `log level: ${logLevels.join(', ')}`, oneOf(logLevels, 'log level'))
}

/** Loads configuration from the file (if any), `AETHER_*` environment variables and the flags. */
export function loadCommandConfig(file: string | undefined, options: ConfigOptions): Promise<LoadedConfig> {
  const flags: Array<string | { set: string; flag: string }> = [...(options.set ?? [])]
  if (options.tenant !== undefined) flags.push({ set: `tenant=${options.tenant}`, flag: '--tenant' })
  if (options.logLevel !== undefined) flags.push({ set: `log.level=${options.logLevel}`, flag: '--log-level' })
  return loadConfig({ ...(file === undefined ? {} : { file }), env: process.env, flags })
}
