import { forecasterPoint, storagePoint, type AetherPlugin, type PluginContext, type RecordStorage } from '@aether/plugin-api'
import { TsmixerForecasterConfig } from './config.js'
import type { LifecycleStateStore } from './lifecycle/lifecycle-state.js'
import { lifecycleStateFile } from './lifecycle/lifecycle-state-file.js'
import { located, openLifecycle } from './lifecycle/open-lifecycle.js'
import { storageLifecycleState } from './lifecycle/storage-lifecycle-state.js'
import { TsmixerForecaster } from './tsmixer-forecaster.js'

/** Provides the `tsmixer` forecaster (falls back to `heuristic-baseline@1` per forecast). */
export const plugin: AetherPlugin<TsmixerForecasterConfig> = {
  manifest: {
    name: '@aether/plugin-forecaster-tsmixer',
    version: '0.1.0',
    description: 'TSMixer forecaster of spot capacity loss, served with onnxruntime-node, gated with fallback to the heuristic',
    engine: '^0.1.0',
    provides: [forecasterPoint.id],
    requires: {},
    configSchema: TsmixerForecasterConfig,
  },
  async register(context) {
    const { lifecycle, ...config } = context.config
    if (lifecycle === undefined) {
      const forecaster = await TsmixerForecaster.create({ ...config, model: located(context.baseDir, config.model) }, context.logger)
      context.provide(forecasterPoint, forecaster)
      context.onStop(() => forecaster.close())
      return
    }
    const opened = await openLifecycle({ ...config, lifecycle }, context.baseDir, context.logger, context.metrics)
    context.provide(forecasterPoint, opened.lifecycle)
    let stopWatching: (() => Promise<void>) | undefined
    // At start, not at register: the storage plugin may be registered after this one.
    context.onStart(async () => {
      const state = lifecycleStateOf(context, opened.lifecycle.name)
      if (state === undefined) return
      await opened.lifecycle.attach(state)
      stopWatching = opened.lifecycle.watch(lifecycle.refreshMs)
    })
    context.onStop(async () => {
      await stopWatching?.()
      await opened.close()
    })
  },
}

/** The pipeline's SQL storage when it keeps lifecycles, else the configured state file, else none (memory only). */
function lifecycleStateOf(context: PluginContext<TsmixerForecasterConfig>, name: string): LifecycleStateStore | undefined {
  const stateFile = context.config.lifecycle?.stateFile
  let storage: RecordStorage | undefined
  try {
    storage = context.resolve(storagePoint)
  } catch {
    storage = undefined
  }
  const inStorage = storage === undefined ? undefined : storageLifecycleState(storage, context.tenant, name)
  if (inStorage !== undefined) {
    if (stateFile !== undefined) context.logger.warn({ stateFile, state: inStorage.description }, 'the lifecycle\'s stateFile is ignored: the stages are kept in the pipeline\'s storage')
    return inStorage
  }
  return stateFile === undefined ? undefined : lifecycleStateFile(located(context.baseDir, stateFile) as string)
}
