import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import { loadOrder } from './load-order.js'
import type { PluginManifest } from './manifest.js'

const kernel = { version: '0.1.0', singlePoints: new Set(['aether.storage.v1']) }

function manifest(name: string, extra: Partial<PluginManifest> = {}): PluginManifest {
  return { name, version: '1.0.0', engine: '^0.1.0', provides: [], requires: {}, ...extra }
}

describe('loadOrder', () => {
  it('puts every plugin after the plugins it requires', () => {
    const ordered = loadOrder([
      manifest('policy', { requires: { forecaster: '^1.0.0' } }),
      manifest('forecaster', { requires: { storage: '1.x' } }),
      manifest('storage'),
    ], kernel)
    expect(ordered.map((m) => m.name)).toEqual(['storage', 'forecaster', 'policy'])
  })

  it('keeps the given order between plugins that do not depend on each other', () => {
    expect(loadOrder([manifest('b'), manifest('a'), manifest('c')], kernel).map((m) => m.name)).toEqual(['b', 'a', 'c'])
  })

  it('refuses a missing dependency, naming both plugins and the range', () => {
    expect(() => loadOrder([manifest('forecaster', { requires: { 'bus-nats': '^2.0.0' } })], kernel)).toThrow(
      'Plugin "forecaster" requires "bus-nats" ^2.0.0, which is not loaded; add it to the plugin list.')
  })

  it('refuses an incompatible dependency version, saying what is installed and what to do', () => {
    expect(() => loadOrder([
      manifest('forecaster', { requires: { 'bus-nats': '^2.0.0' } }),
      manifest('bus-nats', { version: '1.4.1' }),
    ], kernel)).toThrow(
      'Plugin "forecaster" requires "bus-nats" ^2.0.0 but 1.4.1 is installed; install a version of "bus-nats" that satisfies ^2.0.0.')
  })

  it('refuses a plugin built for another kernel', () => {
    expect(() => loadOrder([manifest('old', { engine: '^0.0.1' })], kernel)).toThrow(
      'Plugin "old" runs on kernel ^0.0.1 but this kernel is 0.1.0; install a version of "old" built for kernel 0.1.0.')
  })

  it('refuses a cycle and names every plugin in it', () => {
    expect(() => loadOrder([
      manifest('a', { requires: { b: '*' } }),
      manifest('b', { requires: { c: '*' } }),
      manifest('c', { requires: { a: '*' } }),
      manifest('d'),
    ], kernel)).toThrow('Plugins require each other in a cycle: a -> b -> c -> a; remove one of these requirements.')
  })

  it('refuses two plugins providing a single-provider extension point', () => {
    expect(() => loadOrder([
      manifest('storage-pglite', { provides: ['aether.storage.v1'] }),
      manifest('storage-postgres', { provides: ['aether.storage.v1'] }),
    ], kernel)).toThrow(
      'Extension point "aether.storage.v1" takes one provider but "storage-pglite" and "storage-postgres" both provide it; remove all but one of them.')
  })

  it('accepts several providers of a multiple extension point', () => {
    const ordered = loadOrder([
      manifest('a', { provides: ['aether.source.v1'] }), manifest('b', { provides: ['aether.source.v1'] }),
    ], kernel)
    expect(ordered).toHaveLength(2)
  })

  it('refuses the same plugin twice', () => {
    expect(() => loadOrder([manifest('a'), manifest('a')], kernel)).toThrow('Plugin "a" is listed twice; keep one entry.')
  })

  it('orders any acyclic dependency graph so that dependencies come first', () => {
    // Plugin i may only require plugins with a smaller index: always acyclic.
    const graph = fc.integer({ min: 1, max: 12 }).chain((size) =>
      fc.tuple(...Array.from({ length: size }, (_, i) => fc.subarray(Array.from({ length: i }, (_, j) => j)))))
    fc.assert(fc.property(graph, fc.infiniteStream(fc.nat()), (requirements, shuffleSeed) => {
      const manifests = requirements.map((deps, i) =>
        manifest(`p${i}`, { requires: Object.fromEntries(deps.map((d) => [`p${d}`, '^1.0.0'])) }))
      const seeds = manifests.map(() => shuffleSeed.next().value as number)
      const shuffled = manifests.map((m, i) => ({ m, key: seeds[i] as number })).sort((x, y) => x.key - y.key).map((x) => x.m)
      const position = new Map(loadOrder(shuffled, kernel).map((m, index) => [m.name, index]))
      for (const m of manifests) {
        for (const dependency of Object.keys(m.requires)) {
          expect(position.get(dependency)).toBeLessThan(position.get(m.name) as number)
        }
      }
    }))
  })
})
