import type { BusSettings } from '../extension-points/bus.js'
import type { ExtensionPoint } from '../extension-points/extension-point.js'
import type { RecordStorage } from '../extension-points/record-storage.js'
import type { Logger } from '../logger.js'
import type { PluginManifest, PluginManifestInput } from './manifest.js'
import type { PluginMetrics } from './plugin-metrics.js'

/** What a plugin's register() gets: its configuration and the kernel's services. */
export interface PluginContext<Config = unknown> {
  readonly manifest: PluginManifest
  /** The plugin's configuration, validated against its `configSchema` with defaults filled in. */
  readonly config: Config
  /** The directory relative paths in the configuration are resolved from. */
  readonly baseDir: string
  readonly tenant: string
  /** The kernel's bus settings, which a bus plugin honours so that every bus behaves alike. */
  readonly busSettings: Readonly<BusSettings>
  readonly logger: Logger
  /** Counters and gauges on the kernel's metrics registry (its `/metrics`). */
  readonly metrics: PluginMetrics
  /** Makes an implementation of a declared extension point available to the kernel. */
  provide<T>(point: ExtensionPoint<T>, implementation: T): void
  /** An implementation another plugin provided (plugins registered earlier in load order). */
  resolve<T>(point: ExtensionPoint<T>, name?: string): T
  /** Runs after every plugin registered, in load order. */
  onStart(hook: () => Promise<void> | void): void
  /** Runs on kernel stop, in reverse load order, after in-flight work drained. */
  onStop(hook: () => Promise<void> | void): void
}

/**
 * A plugin: a manifest (plain data, checked by the loader) and a register function.
 *
 * @example
 * export const plugin: AetherPlugin<{ threshold: number }> = {
 *   manifest: { name: 'my-policy', version: '1.0.0', engine: '^0.1.0', provides: ['aether.policy-engine.v1'], requires: {} },
 *   register(context) { context.provide(policyEnginePoint, new MyPolicy(context.config.threshold)) },
 * }
 */
export interface AetherPlugin<Config = any> {
  readonly manifest: PluginManifestInput
  register(context: PluginContext<Config>): Promise<void> | void
  /**
   * What `aether plugin list <config>` shows under the plugin besides its manifest: what it runs
   * and the state it last recorded (a sandbox host: its adapters and their circuit breakers).
   * Called without starting the plugin; only the configuration's storage plugin is started.
   */
  inspect?(context: PluginInspectContext<Config>): Promise<PluginInspection[]> | PluginInspection[]
}

/** What inspect() gets: the plugin's validated configuration, and storage when one is configured. */
export interface PluginInspectContext<Config = unknown> {
  readonly config: Config
  readonly baseDir: string
  readonly tenant: string
  readonly storage?: RecordStorage
}

/** One thing a plugin reports: a line for people and the same facts for `--json`. */
export interface PluginInspection {
  summary: string
  details: Record<string, unknown>
}
