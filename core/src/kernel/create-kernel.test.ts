import { Type } from '@sinclair/typebox'
import { describe, expect, it, vi } from 'vitest'
import { InProcessBus } from '../bus/in-process-bus.js'
import { type AetherPlugin, busPoint, type PolicyEngine, policyEnginePoint, storagePoint } from '@aether/plugin-api'
import { createLogger } from '../logger.js'
import { createKernel } from './create-kernel.js'

const logger = createLogger({ level: 'silent' })

function policyPlugin(name: string, events: string[] = [], extra: Partial<AetherPlugin['manifest']> = {}): AetherPlugin {
  return {
    manifest: { name, version: '1.0.0', engine: '^0.1.0', provides: [policyEnginePoint.id], ...extra },
    register(context) {
      events.push(`register ${name}`)
      context.provide(policyEnginePoint, { name, decideBatch: async () => [] } satisfies PolicyEngine)
      context.onStart(() => void events.push(`start ${name}`))
      context.onStop(() => void events.push(`stop ${name}`))
    },
  }
}

describe('createKernel', () => {
  it('registers plugins in dependency order and starts them in that order', async () => {
    const events: string[] = []
    const kernel = createKernel({
      logger,
      plugins: [policyPlugin('b', events, { requires: { a: '^1.0.0' } }), policyPlugin('a', events)],
    })
    await kernel.start()
    expect(kernel.plugins().map((m) => m.name)).toEqual(['a', 'b'])
    expect(events).toEqual(['register a', 'register b', 'start a', 'start b'])
    await kernel.stop()
    expect(events.slice(4)).toEqual(['stop b', 'stop a'])
  })

  it('resolves named implementations of a multiple extension point', async () => {
    const kernel = createKernel({ logger, plugins: [policyPlugin('a'), policyPlugin('b')] })
    await kernel.start()
    expect(kernel.resolve(policyEnginePoint, 'b').name).toBe('b')
    expect(kernel.resolveAll(policyEnginePoint).map((p) => p.name)).toEqual(['a', 'b'])
    await kernel.stop()
  })

  it('says which extension point and name is missing', async () => {
    const kernel = createKernel({ logger, plugins: [policyPlugin('a')] })
    await kernel.start()
    expect(() => kernel.resolve(policyEnginePoint, 'nope')).toThrow(
      'No plugin provides "aether.policy-engine.v1" named "nope"; check the name or add the plugin that provides it.')
    expect(() => kernel.resolve(storagePoint)).toThrow('No plugin provides "aether.storage.v1"; add a plugin that provides it.')
    await kernel.stop()
  })

  it('gives each plugin its configuration with defaults, and refuses a bad value with its path', async () => {
    let seen: unknown
    const configured: AetherPlugin = {
      manifest: { name: 'configured', version: '1.0.0', engine: '*', configSchema: Type.Object({ limit: Type.Integer({ default: 3 }), mode: Type.String() }) },
      register(context) { seen = context.config },
    }
    const kernel = createKernel({ logger, plugins: [{ plugin: configured, config: { mode: 'fast' } }] })
    await kernel.start()
    expect(seen).toEqual({ limit: 3, mode: 'fast' })
    await kernel.stop()
    const bad = createKernel({ logger, plugins: [{ plugin: configured, config: { mode: 'fast', limit: 'many' } }] })
    await expect(bad.start()).rejects.toThrow(
      'Invalid configuration in the configuration of plugin "configured" at "/limit": Expected integer (got "many").')
  })

  it('refuses an implementation of a point the manifest does not declare', async () => {
    const sneaky: AetherPlugin = {
      manifest: { name: 'sneaky', version: '1.0.0', engine: '*' },
      register(context) { context.provide(storagePoint, {} as never) },
    }
    await expect(createKernel({ logger, plugins: [sneaky] }).start()).rejects.toThrow(
      'Plugin "sneaky" provides "aether.storage.v1" without declaring it in its manifest\'s "provides".')
  })

  it('wraps a failing register() with the plugin name and the cause, and stops what had started', async () => {
    const events: string[] = []
    const failing: AetherPlugin = {
      manifest: { name: 'failing', version: '1.0.0', engine: '*', requires: { a: '*' } },
      register() { throw new Error('cannot open database') },
    }
    const start = createKernel({ logger, plugins: [policyPlugin('a', events), failing] }).start()
    await expect(start).rejects.toThrow('Plugin "failing" failed while registering; see the cause.')
    await expect(start).rejects.toHaveProperty('cause.message', 'cannot open database')
    expect(events).toEqual(['register a', 'stop a'])
  })

  it('uses a bus a plugin provides instead of the in-process default', async () => {
    const bus = new InProcessBus()
    const busPlugin: AetherPlugin = {
      manifest: { name: 'my-bus', version: '1.0.0', engine: '*', provides: [busPoint.id] },
      register(context) { context.provide(busPoint, bus) },
    }
    const kernel = createKernel({ logger, plugins: [busPlugin] })
    await kernel.start()
    expect(kernel.bus).toBe(bus)
    await kernel.stop()
  })

  it('starts and stops once however often it is asked', async () => {
    const events: string[] = []
    const kernel = createKernel({ logger, plugins: [policyPlugin('a', events)] })
    await Promise.all([kernel.start(), kernel.start()])
    await Promise.all([kernel.stop(), kernel.stop()])
    await kernel.stop()
    expect(events).toEqual(['register a', 'start a', 'stop a'])
  })

  it('drains in-flight batches before stopping plugins', async () => {
    const events: string[] = []
    const kernel = createKernel({ logger, plugins: [policyPlugin('a', events)] })
    await kernel.start()
    let started: () => void = () => undefined
    const hasStarted = new Promise<void>((resolve) => { started = resolve })
    await kernel.bus.consume('work', { durable: 'slow' }, async () => {
      events.push('batch started')
      started()
      // The batch is still running when stop closes the bus: it finishes only once the bus refuses publications.
      // (A new id each time: a repeated one would be answered as a duplicate, not refused.)
      let probe = 0
      await vi.waitFor(() => expect(kernel.bus.publish('probe', [{ id: String(++probe).padStart(32, '0'), tenant: 't', contract: 'x' }]))
        .rejects.toThrow('The bus is closed'))
      events.push('batch finished')
    })
    await kernel.bus.publish('work', [{ id: '0'.repeat(32), tenant: 't', contract: 'x' }])
    await hasStarted
    await kernel.stop()
    expect(events.slice(-3)).toEqual(['batch started', 'batch finished', 'stop a'])
  })

  it('refuses an invalid kernel configuration with the path of the bad key', () => {
    expect(() => createKernel({ logger, plugins: [], config: { tenant: 'Not A Tenant' } })).toThrow(
      /Invalid configuration in the kernel options at "\/tenant": Expected string to match/)
  })
})
