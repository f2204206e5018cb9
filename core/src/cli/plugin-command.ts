import type { Command } from 'commander'
import { coreInstallDir, importPlugins } from '../kernel/load-plugins.js'
import { loadOrder } from '../plugins/load-order.js'
import { validateManifest } from '../plugins/manifest.js'
import { extensionPoints } from '@aether/plugin-api'
import { kernelVersion } from '../version.js'
import { loadCommandConfig, withConfigOptions, type ConfigOptions } from './config-options.js'
import { discoverPackages } from './discover-packages.js'
import { inspectPlugins } from './plugin-inspections.js'

/** `aether plugin list [config]`: the plugins a configuration loads, or those installed. */
export function addPluginCommand(program: Command): void {
  const plugin = program.command('plugin').description('inspect plugins')
  withConfigOptions(plugin.command('list'))
    .description('list the plugins a configuration loads (in load order), or every installed Aether package')
    .argument('[config]', 'configuration or pipeline file (JSON)')
    .option('--json', 'print JSON')
    .action(async (file: string | undefined, options: ConfigOptions & { json?: boolean }) => {
      if (file === undefined) {
        const packages = await discoverPackages([process.cwd(), coreInstallDir])
        if (options.json === true) return void process.stdout.write(`${JSON.stringify(packages)}\n`)
        if (packages.length === 0) return void process.stdout.write('No Aether packages are installed here.\n')
        for (const pkg of packages) {
          const kinds = [pkg.hasPlugin ? 'plugin' : '', pkg.hasCommands ? 'commands' : ''].filter(Boolean).join(', ')
          process.stdout.write(`${pkg.name}@${pkg.version}  (${kinds})\n`)
        }
        return
      }
      // Only warnings: the storage an inspection starts would otherwise log its start and stop.
      const loaded = await loadCommandConfig(file, { ...options, logLevel: options.logLevel ?? 'warn' })
      const plugins = await importPlugins(loaded.config.plugins, loaded.baseDir)
      const manifests = plugins.map((entry, index) => validateManifest(entry.plugin.manifest, index))
      const singlePoints = new Set(extensionPoints.filter((p) => p.cardinality === 'single').map((p) => p.id))
      const ordered = loadOrder(manifests, { version: kernelVersion, singlePoints })
      const inspections = await inspectPlugins(loaded.config, plugins, loaded.baseDir)
      if (options.json === true) {
        const listed = ordered.map((manifest) => ({ ...manifest, inspection: inspections.get(manifest.name) ?? [] }))
        return void process.stdout.write(`${JSON.stringify(listed)}\n`)
      }
      for (const manifest of ordered) {
        const requires = Object.entries(manifest.requires).map(([name, range]) => `${name} ${range}`).join(', ')
        process.stdout.write(`${manifest.name}@${manifest.version}  engine ${manifest.engine}\n`)
        process.stdout.write(`  provides: ${manifest.provides.join(', ') || '-'}\n`)
        process.stdout.write(`  requires: ${requires || '-'}\n`)
        for (const { summary } of inspections.get(manifest.name) ?? []) process.stdout.write(`  ${summary}\n`)
      }
    })
}
