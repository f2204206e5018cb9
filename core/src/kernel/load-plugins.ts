import { createRequire } from 'node:module'
import { isAbsolute, join, resolve } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
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
 * The folder of this copy of @aether/core. First-party plugins are installed next to it, so a
 * package name that a pipeline file's folder cannot resolve is looked up from here too: a
 * pipeline file outside the project still loads the plugins that came with the `aether` it runs.
 */
export const coreInstallDir = fileURLToPath(new URL('../../', import.meta.url))

/**
 * Imports a plugin module named in configuration: a path relative to `baseDir`, or a package
 * name resolved from `baseDir` (as a file there would resolve it), else from coreInstallDir.
 */
export async function importPluginModule(specifier: string, baseDir: string): Promise<PluginModule> {
  const isPath = specifier.startsWith('.') || isAbsolute(specifier)
  const resolved = isPath ? resolve(baseDir, specifier) : resolvePackage(specifier, [baseDir, coreInstallDir])
  if (resolved === undefined) {
    throw new PluginImportFailed([specifier, `not found from ${baseDir}, nor from ${coreInstallDir} where aether is installed`])
  }
  try {
    return (await import(pathToFileURL(resolved).href)) as PluginModule
  } catch (error) {
    throw new PluginImportFailed([specifier, (error as Error).message], { cause: error })
  }
}

function resolvePackage(name: string, fromDirs: string[]): string | undefined {
  for (const dir of fromDirs) {
    try {
      return createRequire(join(dir, 'noop.js')).resolve(name)
    } catch {
      // Not installed where this folder looks; try the next one.
    }
  }
  return undefined
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
