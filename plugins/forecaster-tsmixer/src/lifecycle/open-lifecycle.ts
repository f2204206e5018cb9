import { isAbsolute, resolve } from 'node:path'
import type { Logger, PluginMetrics } from '@aether/plugin-api'
import type { TsmixerForecasterConfig } from '../config.js'
import { TsmixerForecaster } from '../tsmixer-forecaster.js'
import { ModelLifecycle } from './model-lifecycle.js'

/** A lifecycle with one loaded TSMixer per version, and how to unload them. */
export interface OpenedLifecycle {
  lifecycle: ModelLifecycle
  close(): Promise<void>
}

/**
 * Loads each configured version's model (paths relative to `baseDir`) and builds the lifecycle
 * on them, its stages in memory until a state store is attached (the plugin does at start).
 */
export async function openLifecycle(config: TsmixerForecasterConfig & { lifecycle: NonNullable<TsmixerForecasterConfig['lifecycle']> }, baseDir: string,
  logger: Logger, metrics?: PluginMetrics): Promise<OpenedLifecycle> {
  const { lifecycle, ...forecasterConfig } = config
  const loaded: TsmixerForecaster[] = []
  const close = async (): Promise<void> => { await Promise.all(loaded.map((forecaster) => forecaster.close())) }
  try {
    const forecasters: Record<string, TsmixerForecaster> = {}
    for (const entry of lifecycle.versions) {
      const forecaster = await TsmixerForecaster.create({ ...forecasterConfig, model: located(baseDir, entry.model) }, logger.child({ version: entry.version }))
      loaded.push(forecaster)
      forecasters[entry.version] = forecaster
    }
    const opened = ModelLifecycle.create(lifecycle, { forecasters, logger, ...(metrics === undefined ? {} : { metrics }) })
    return { lifecycle: opened, close }
  } catch (error) {
    await close()
    throw error
  }
}

/** A configured path, relative to the pipeline file's folder unless absolute. */
export function located(baseDir: string, path: string | undefined): string | undefined {
  return path === undefined || isAbsolute(path) ? path : resolve(baseDir, path)
}
