import { forecasterPoint, type AetherPlugin } from '@aether/plugin-api'
import { TsmixerForecasterConfig } from './config.js'
import { located, openLifecycle } from './lifecycle/open-lifecycle.js'
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
    context.onStop(() => opened.close())
    context.provide(forecasterPoint, opened.lifecycle)
  },
}
