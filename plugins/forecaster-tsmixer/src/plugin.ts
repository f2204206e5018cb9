import { forecasterPoint, type AetherPlugin } from '@aether/plugin-api'
import { isAbsolute, resolve } from 'node:path'
import { TsmixerForecasterConfig } from './config.js'
import { ModelLifecycle } from './lifecycle/model-lifecycle.js'
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
    const located = (model: string | undefined) => (model === undefined || isAbsolute(model) ? model : resolve(context.baseDir, model))
    const { lifecycle, ...config } = context.config
    if (lifecycle === undefined) {
      const forecaster = await TsmixerForecaster.create({ ...config, model: located(config.model) }, context.logger)
      context.provide(forecasterPoint, forecaster)
      context.onStop(() => forecaster.close())
      return
    }
    const versions: TsmixerForecaster[] = []
    context.onStop(async () => { await Promise.all(versions.map((forecaster) => forecaster.close())) })
    const forecasters: Record<string, TsmixerForecaster> = {}
    for (const entry of lifecycle.versions) {
      const forecaster = await TsmixerForecaster.create({ ...config, model: located(entry.model) }, context.logger.child({ version: entry.version }))
      versions.push(forecaster)
      forecasters[entry.version] = forecaster
    }
    const stateFile = located(lifecycle.stateFile)
    const settings = stateFile === undefined ? lifecycle : { ...lifecycle, stateFile }
    context.provide(forecasterPoint, ModelLifecycle.create(settings, { forecasters, logger: context.logger, metrics: context.metrics }))
  },
}
