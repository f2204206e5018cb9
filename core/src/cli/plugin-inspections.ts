import { storagePoint, type PluginInspection } from '@aether/plugin-api'
import type { AetherConfig } from '../config/aether-config.js'
import { validateConfig } from '../config/load-config.js'
import { createKernel, type ConfiguredPlugin } from '../kernel/create-kernel.js'

/**
 * What each plugin with an `inspect` hook reports, by plugin name. Storage is started only when
 * some plugin asks to inspect and the configuration has a storage plugin; nothing else starts.
 */
export async function inspectPlugins(
  config: AetherConfig, plugins: ConfiguredPlugin[], baseDir: string,
): Promise<Map<string, PluginInspection[]>> {
  const inspected = new Map<string, PluginInspection[]>()
  const inspecting = plugins.filter(({ plugin }) => plugin.inspect !== undefined)
  if (inspecting.length === 0) return inspected
  const storagePlugins = plugins.filter(({ plugin }) => (plugin.manifest.provides ?? []).includes(storagePoint.id))
  const kernel = storagePlugins.length === 0 ? undefined : createKernel({ config, plugins: storagePlugins, baseDir })
  await kernel?.start()
  try {
    const storage = kernel?.resolve(storagePoint)
    for (const { plugin, config: entryConfig } of inspecting) {
      const { name, configSchema } = plugin.manifest
      const pluginConfig = configSchema === undefined
        ? entryConfig ?? {}
        : validateConfig(configSchema, entryConfig ?? {}, () => `the configuration of plugin "${name}"`)
      const context = { config: pluginConfig, baseDir, tenant: config.tenant, ...(storage === undefined ? {} : { storage }) }
      inspected.set(name, await plugin.inspect!(context))
    }
  } finally {
    await kernel?.stop()
  }
  return inspected
}
