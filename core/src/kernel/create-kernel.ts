import 'reflect-metadata'
import { container as rootContainer, type DependencyContainer } from 'tsyringe'
import { InProcessBus } from '../bus/in-process-bus.js'
import {
  type AetherPlugin, type Bus, busPoint, type ExtensionPoint, extensionPoints, type Named, type PluginContext,
  type PluginManifest,
} from '@aether/plugin-api'
import { AetherConfig } from '../config/aether-config.js'
import { validateConfig } from '../config/load-config.js'
import {
  ExtensionPointMissing, ExtensionPointUndeclared, KernelState, PluginRegisterFailed,
} from '../errors.js'
import { createLogger, type Logger } from '../logger.js'
import { createStageMetrics, type StageMetrics } from '../metrics.js'
import { loadOrder } from '../plugins/load-order.js'
import { pluginMetrics } from '../plugins/plugin-metrics.js'
import { validateManifest } from '../plugins/manifest.js'
import { kernelVersion } from '../version.js'
import { Lifecycle } from './lifecycle.js'

/** A plugin with the configuration to give it. */
export interface ConfiguredPlugin {
  plugin: AetherPlugin
  config?: unknown
}

/** What createKernel takes. */
export interface KernelOptions {
  /** Kernel configuration; missing keys take their defaults. */
  config?: Partial<AetherConfig> | Record<string, unknown>
  plugins: Array<AetherPlugin | ConfiguredPlugin>
  /** Directory relative paths in plugin configuration are resolved from. */
  baseDir?: string
  logger?: Logger
}

/** A running (or ready to run) kernel. */
export interface Kernel {
  readonly config: AetherConfig
  readonly logger: Logger
  readonly metrics: StageMetrics
  /** Aborted when stop() begins. */
  readonly signal: AbortSignal
  /** Loads, orders and registers every plugin, then runs their start hooks. Idempotent. */
  start(): Promise<void>
  /** Runs stop hooks (embedders' first, then plugins' in reverse order) and closes the bus. Idempotent. */
  stop(): Promise<void>
  /** The manifests of the loaded plugins, in load order (after start). */
  plugins(): PluginManifest[]
  /** The implementation of a single point, or the named implementation of a multiple point. */
  resolve<T>(point: ExtensionPoint<T>, name?: string): T
  /** Every implementation of a point. */
  resolveAll<T>(point: ExtensionPoint<T>): T[]
  /** The bus: a plugin's, or an in-process bus. */
  readonly bus: Bus
  /** Registers work to drain on stop, before plugins stop. */
  onStop(hook: () => Promise<void> | void): void
}

/**
 * Creates a kernel from a configuration and a list of plugins.
 *
 * @example
 * const kernel = createKernel({ config: { tenant: 'acme' }, plugins: [storagePglite, sources, validator] })
 * await kernel.start()
 * // ... use kernel.resolve(storagePoint) or run a pipeline
 * await kernel.stop()
 */
export function createKernel(options: KernelOptions): Kernel {
  const config = validateConfig(AetherConfig, options.config ?? {}, () => 'the kernel options')
  const logger = options.logger ?? createLogger({ level: config.log.level })
  return new PluginKernel(options, config, logger)
}

const singlePoints = new Set(extensionPoints.filter((point) => point.cardinality === 'single').map((point) => point.id))

class PluginKernel implements Kernel {
  readonly metrics = createStageMetrics()
  // The registry of extension points, and nothing more: implementations are registered as values
  // by `provide` and looked up by token; plugins never see the container (docs/architecture.md).
  readonly #container: DependencyContainer = rootContainer.createChildContainer()
  readonly #abort = new AbortController()
  readonly #lifecycle = new Lifecycle()
  readonly #embedderStops: Array<() => Promise<void> | void> = []
  #manifests: PluginManifest[] = []
  #bus: Bus | undefined

  constructor(
    private readonly options: KernelOptions,
    readonly config: AetherConfig,
    readonly logger: Logger,
  ) {}

  get signal(): AbortSignal {
    return this.#abort.signal
  }

  get bus(): Bus {
    if (this.#bus === undefined) throw new KernelState(['use the bus', this.#lifecycle.state])
    return this.#bus
  }

  start(): Promise<void> {
    return this.#lifecycle.start(async () => {
      const entries = this.options.plugins.map((entry) => ('plugin' in entry ? entry : { plugin: entry }))
      const manifests = entries.map((entry, index) => validateManifest(entry.plugin.manifest, index))
      this.#manifests = loadOrder(manifests, { version: kernelVersion, singlePoints })
      const byName = new Map(entries.map((entry, index) => [manifests[index]?.name, entry]))
      for (const manifest of this.#manifests) {
        await this.#register(manifest, byName.get(manifest.name) as ConfiguredPlugin)
      }
      this.#bus = this.#container.isRegistered(busPoint.id)
        ? this.resolve(busPoint)
        : new InProcessBus(this.config.bus)
      await this.#lifecycle.runStartHooks()
      this.logger.info({ plugins: this.#manifests.map((m) => `${m.name}@${m.version}`) }, 'kernel started')
    })
  }

  stop(): Promise<void> {
    return this.#lifecycle.stop(async () => {
      this.#abort.abort()
      for (const hook of this.#embedderStops.reverse()) await hook()
      await this.#bus?.close()
      await this.#lifecycle.runStopHooks(this.logger)
      this.logger.info('kernel stopped')
    })
  }

  plugins(): PluginManifest[] {
    return [...this.#manifests]
  }

  resolve<T>(point: ExtensionPoint<T>, name?: string): T {
    const all = this.resolveAll(point)
    const found = name === undefined ? all[0] : all.find((item) => (item as Named).name === name)
    if (found === undefined) throw new ExtensionPointMissing([point.id, name])
    return found
  }

  resolveAll<T>(point: ExtensionPoint<T>): T[] {
    return this.#container.isRegistered(point.id) ? this.#container.resolveAll<T>(point.id) : []
  }

  onStop(hook: () => Promise<void> | void): void {
    this.#embedderStops.push(hook)
  }

  async #register(manifest: PluginManifest, entry: ConfiguredPlugin): Promise<void> {
    const pluginConfig = manifest.configSchema === undefined
      ? (entry.config ?? {})
      : validateConfig(manifest.configSchema, entry.config ?? {}, () => `the configuration of plugin "${manifest.name}"`)
    const context: PluginContext = {
      manifest,
      config: pluginConfig,
      baseDir: this.options.baseDir ?? process.cwd(),
      tenant: this.config.tenant,
      busSettings: this.config.bus,
      logger: this.logger.child({ plugin: manifest.name }),
      metrics: pluginMetrics(this.metrics.registry, manifest.name),
      provide: (point, implementation) => {
        if (!manifest.provides.includes(point.id)) throw new ExtensionPointUndeclared([manifest.name, point.id])
        this.#container.register(point.id, { useValue: implementation })
      },
      resolve: (point, name) => this.resolve(point, name),
      onStart: (hook) => this.#lifecycle.addStartHook(hook),
      onStop: (hook) => this.#lifecycle.addStopHook(manifest.name, hook),
    }
    try {
      await entry.plugin.register(context)
    } catch (error) {
      if (ExtensionPointUndeclared.is(error)) throw error
      throw new PluginRegisterFailed([manifest.name], { cause: error })
    }
  }
}
