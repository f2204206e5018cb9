import { resolve } from 'node:path'
import { kernelVersion } from '@aether/core'
import type { AetherPlugin } from '@aether/plugin-api'
import semver from 'semver'
import { capabilityServices } from './capabilities/capability-services.js'
import { grantedCapabilities } from './capabilities/grants.js'
import { SandboxHostConfig } from './config.js'
import { AdapterEngineIncompatible } from './errors.js'
import { GuardedAdapter } from './guards/guarded-adapter.js'
import { HostGuards } from './guards/host-guards.js'
import { inspectAdapters } from './inspect-adapters.js'
import { checkLoadedBundle, lockedAdapter, lockedGrants } from './lockfile/locked-adapter.js'
import { readAdapter } from './read-adapter.js'
import { adapterPoints, provideAdapter } from './provide-adapter.js'
import { SandboxPool } from './sandbox-pool.js'
import { HostState } from './state/host-state.js'

/**
 * Runs the installed third-party adapters sandboxed and provides each as an ordinary extension
 * point implementation named after its manifest, at its kind's point.
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
    provides: adapterPoints.map((point) => point.id),
    configSchema: SandboxHostConfig,
  },
  async register(context) {
    const { config } = context
    // Every adapter is read and checked before any process starts, so a bad install stops the
    // kernel's start with its coded error and costs nothing.
    const adapters = await Promise.all(config.adapters.map(async (entry) => {
      // A folder or a .tgz (readAdapter reads both).
      const path = resolve(context.baseDir, entry.path)
      // An adapter `aether plugin add` installed is re-checked against aether-lock.json first:
      // a bundle and manifest changed together would pass readAdapter's own hash check.
      const locked = await lockedAdapter(path)
      const adapter = await readAdapter(path, config.maxima)
      if (locked !== undefined) checkLoadedBundle(locked, adapter.manifest.entry, adapter.source, path)
      const { name, engine } = adapter.manifest
      if (!semver.satisfies(kernelVersion, engine)) throw new AdapterEngineIncompatible([name, engine, kernelVersion])
      const grants = locked === undefined ? entry.grants ?? [] : lockedGrants(entry.grants, locked, entry.path)
      // Requested but not granted is not an error: the capability is simply absent from its ctx.
      const { granted, ungranted } = grantedCapabilities(adapter.requested, grants, entry.path)
      if (ungranted.length > 0) context.logger.info({ adapter: adapter.manifest.name, ungranted }, 'adapter runs without capabilities it requested but was not granted')
      return { entry, adapter, granted }
    }))
    if (adapters.length === 0) return
    const pool = new SandboxPool(config.poolSize, context.logger)
    // Every kind's calls go through GuardedAdapter: CPU budget, circuit breaker, usage metering.
    const guards = new HostGuards(context)
    // One kv store and one fetch for every adapter: kv spaces are per adapter and tenant inside it.
    const services = capabilityServices(config.capabilities)
    // kv values and source cursors move to the storage's adapter state at start, when it keeps one.
    const state = new HostState(context, services.kv)
    context.onStart(async () => {
      state.start()
      await guards.start()
    })
    context.onStop(async () => {
      await pool.stop()
      await guards.stop()
    })
    await pool.start()
    for (const { entry, adapter, granted } of adapters) {
      provideAdapter(context, new GuardedAdapter(adapter, pool, config.log, guards.forAdapter(adapter), { granted, services }), entry, state)
    }
  },
  inspect: inspectAdapters,
}
