import { resolve } from 'node:path'
import { enricherPoint, type AetherPlugin } from '@aether/plugin-api'
import { SandboxHostConfig } from './config.js'
import { AdapterCapabilitiesUnsupported } from './errors.js'
import { GuardedAdapter } from './guards/guarded-adapter.js'
import { HostGuards } from './guards/host-guards.js'
import { readAdapter } from './read-adapter.js'
import { SandboxedEnricher } from './sandboxed-enricher.js'
import { SandboxPool } from './sandbox-pool.js'

/**
 * Runs the installed third-party adapters sandboxed and provides each as an ordinary extension
 * point implementation named after its manifest (enrichers only, so far).
 *
 * @example
 * { "use": "@aether/plugin-sandbox-host", "config": { "adapters": [{ "path": "adapters/my-enricher" }] } }
 */
export const plugin: AetherPlugin<SandboxHostConfig> = {
  manifest: {
    name: '@aether/plugin-sandbox-host',
    version: '0.1.0',
    description: 'Third-party adapters sandboxed in isolated-vm, in supervised child processes',
    engine: '^0.1.0',
    provides: [enricherPoint.id],
    configSchema: SandboxHostConfig,
  },
  async register(context) {
    const { config } = context
    // Every adapter is read and checked before any process starts, so a bad install stops the
    // kernel's start with its coded error and costs nothing.
    const adapters = await Promise.all(config.adapters.map(async (entry) => {
      if ((entry.grants ?? []).length > 0) throw new AdapterCapabilitiesUnsupported([`The sandbox-host entry for ${entry.path}`, entry.grants ?? []])
      return readAdapter(resolve(context.baseDir, entry.path), config.maxima)
    }))
    if (adapters.length === 0) return
    const pool = new SandboxPool(config.poolSize, context.logger)
    // Every kind's calls go through GuardedAdapter: CPU budget, circuit breaker, usage metering.
    const guards = new HostGuards(context)
    context.onStart(() => guards.start())
    context.onStop(async () => {
      await pool.stop()
      await guards.stop()
    })
    await pool.start()
    const sandboxed = (adapter: (typeof adapters)[number]) => new GuardedAdapter(adapter, pool, config.log, guards.forAdapter(adapter))
    for (const adapter of adapters) {
      context.provide(enricherPoint, new SandboxedEnricher(sandboxed(adapter)))
    }
  },
}
