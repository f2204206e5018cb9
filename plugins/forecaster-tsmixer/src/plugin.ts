import { forecasterPoint, type AetherPlugin } from '@aether/plugin-api'
import { isAbsolute, resolve } from 'node:path'
import { TsmixerForecasterConfig } from './config.js'
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
    const { model } = context.config
    const config = model === undefined || isAbsolute(model) ? context.config : { ...context.config, model: resolve(context.baseDir, model) }
    const forecaster = await TsmixerForecaster.create(config, context.logger)
    context.provide(forecasterPoint, forecaster)
    context.onStop(() => forecaster.close())
  },
}
