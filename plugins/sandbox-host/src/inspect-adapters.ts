import { resolve } from 'node:path'
import type { PluginInspectContext, PluginInspection } from '@aether/plugin-api'
import { adapterStatus } from './cli/adapter-status.js'
import type { SandboxHostConfig } from './config.js'
import { lockedAdapter, lockedGrants } from './lockfile/locked-adapter.js'
import { readAdapter } from './read-adapter.js'

/**
 * `aether plugin list <config>` under the sandbox host: each configured adapter with its kind,
 * version, grants and its circuit breaker as last recorded in storage (closed when nothing is
 * recorded or no storage is configured: then it says so).
 */
export async function inspectAdapters(context: PluginInspectContext<SandboxHostConfig>): Promise<PluginInspection[]> {
  const { config, baseDir, tenant, storage } = context
  const adapters = await Promise.all(config.adapters.map(async (entry) => {
    const path = resolve(baseDir, entry.path)
    // As the host would load it: a lockfile-managed folder is checked and takes the locked grants.
    const locked = await lockedAdapter(path)
    const { manifest } = await readAdapter(path, config.maxima)
    return { entry, manifest, grants: locked === undefined ? entry.grants ?? [] : lockedGrants(entry.grants, locked, entry.path) }
  }))
  const statuses = storage === undefined
    ? undefined
    : await adapterStatus(storage, tenant, adapters.map(({ manifest }) => ({ name: manifest.name })))
  return adapters.map(({ entry, manifest, grants }, index) => {
    const status = statuses?.[index]
    const breaker = status === undefined ? 'not recorded (no storage configured)' : status.breaker
    const since = status?.lastTransition === undefined ? '' : ` since ${status.lastTransition.at} (${status.lastTransition.reason})`
    return {
      summary: `adapter ${manifest.name}@${manifest.version} (${manifest.kind}, ${entry.path}) grants ${grants.join(', ') || '-'}; breaker ${breaker}${since}`,
      details: {
        adapter: manifest.name, version: manifest.version, kind: manifest.kind, path: entry.path, grants,
        breaker: status?.breaker ?? null, ...(status?.lastTransition === undefined ? {} : { lastTransition: status.lastTransition }),
      },
    }
  })
}
