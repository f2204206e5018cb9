import type { PluginManifest } from '@aether/plugin-api'
import semver from 'semver'
import {
  EngineIncompatible, ExtensionPointConflict, PluginCycle, PluginDuplicate, PluginIncompatible, PluginMissing,
} from '../errors.js'

/**
 * Checks a set of valid manifests against each other and the kernel, and orders them so that
 * every plugin comes after the plugins it requires. Ties keep the order given.
 *
 * Throws, in this order of checks: PluginDuplicate, EngineIncompatible, PluginMissing,
 * PluginIncompatible, ExtensionPointConflict, PluginCycle.
 */
export function loadOrder(
  manifests: PluginManifest[],
  kernel: { version: string; singlePoints: ReadonlySet<string> },
): PluginManifest[] {
  const byName = new Map<string, PluginManifest>()
  for (const manifest of manifests) {
    if (byName.has(manifest.name)) throw new PluginDuplicate([manifest.name])
    byName.set(manifest.name, manifest)
  }
  for (const manifest of manifests) {
    if (!semver.satisfies(kernel.version, manifest.engine, { includePrerelease: true })) {
      throw new EngineIncompatible([manifest.name, manifest.engine, kernel.version])
    }
    for (const [dependency, range] of Object.entries(manifest.requires)) {
      const installed = byName.get(dependency)
      if (installed === undefined) throw new PluginMissing([manifest.name, dependency, range])
      if (!semver.satisfies(installed.version, range, { includePrerelease: true })) {
        throw new PluginIncompatible([manifest.name, dependency, range, installed.version])
      }
    }
  }
  assertSingleProviders(manifests, kernel.singlePoints)
  return topologicalOrder(manifests, byName)
}

function assertSingleProviders(manifests: PluginManifest[], singlePoints: ReadonlySet<string>): void {
  const providers = new Map<string, string[]>()
  for (const manifest of manifests) {
    for (const point of manifest.provides) {
      if (!singlePoints.has(point)) continue
      const names = providers.get(point) ?? []
      names.push(manifest.name)
      providers.set(point, names)
    }
  }
  for (const [point, names] of providers) {
    if (names.length > 1) throw new ExtensionPointConflict([point, names])
  }
}

function topologicalOrder(manifests: PluginManifest[], byName: Map<string, PluginManifest>): PluginManifest[] {
  const ordered: PluginManifest[] = []
  const state = new Map<string, 'visiting' | 'done'>()
  const path: string[] = []
  const visit = (manifest: PluginManifest): void => {
    const seen = state.get(manifest.name)
    if (seen === 'done') return
    if (seen === 'visiting') {
      const start = path.indexOf(manifest.name)
      throw new PluginCycle([[...path.slice(start), manifest.name]])
    }
    state.set(manifest.name, 'visiting')
    path.push(manifest.name)
    for (const dependency of Object.keys(manifest.requires)) visit(byName.get(dependency) as PluginManifest)
    path.pop()
    state.set(manifest.name, 'done')
    ordered.push(manifest)
  }
  for (const manifest of manifests) visit(manifest)
  return ordered
}
