import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import type { PluginEntry } from '../config/aether-config.js'
import type { LoadedConfig } from '../config/load-config.js'
import { PluginImportFailed } from '../errors.js'
import type { AetherPlugin } from '@aether/plugin-api'
import type { CliContribution } from '../cli/cli-contribution.js'
import { createKernel, type ConfiguredPlugin, type Kernel } from './create-kernel.js'

/** What a plugin package's entry module exports. */
export interface PluginModule {
  plugin?: AetherPlugin
  /** CLI commands the package contributes. */
  commands?: CliContribution[]
}

/**
 * Imports a plugin module named in configuration: a package name resolved from `baseDir` (as a
 * file there would resolve it), or a path relative to `baseDir`.
 */
export async function importPluginModule(specifier: string, baseDir: string): Promise<PluginModule> {
  let url: string
  try {
    const isPath = specifier.startsWith('.') || isAbsolute(specifier)
    url = pathToFileURL(isPath ? resolve(baseDir, specifier) : createRequire(join(baseDir, 'noop.js')).resolve(specifier)).href
  } catch (error) {
    throw new PluginImportFailed([specifier, `not found from ${baseDir}`], { cause: error })
  }
  try {
    return (await import(url)) as PluginModule
  } catch (error) {
    throw new PluginImportFailed([specifier, (error as Error).message], { cause: error })
  }
}

/** Imports every plugin the configuration lists, with the configuration to give each. */
export async function importPlugins(entries: PluginEntry[], baseDir: string): Promise<ConfiguredPlugin[]> {
  return Promise.all(entries.map(async (entry) => {
    const module = await importPluginModule(entry.use, baseDir)
    if (module.plugin === undefined) {
      throw new PluginImportFailed([entry.use, 'the module has no export named "plugin"'])
    }
    return { plugin: module.plugin, config: entry.config }
  }))
}

/** Creates a kernel from a loaded configuration, importing the plugins it lists. */
export async function createKernelFromConfig(loaded: LoadedConfig): Promise<Kernel> {
  const plugins = await importPlugins(loaded.config.plugins, loaded.baseDir)
  return createKernel({ config: loaded.config, plugins, baseDir: loaded.baseDir })
}
