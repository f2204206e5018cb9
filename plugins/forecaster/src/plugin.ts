import { forecasterPoint, type AetherPlugin } from '@aether/plugin-api'
import { HeuristicForecasterConfig } from './config.js'
import { HeuristicForecaster } from './heuristic-forecaster.js'

/** Provides the `heuristic-baseline` forecaster. */
export const plugin: AetherPlugin<HeuristicForecasterConfig> = {
  manifest: {
    name: '@aether/plugin-forecaster',
    version: '0.1.0',
    description: 'Heuristic baseline forecaster of spot preemption risk',
    engine: '^0.1.0',
    provides: [forecasterPoint.id],
    requires: {},
    configSchema: HeuristicForecasterConfig,
  },
  register(context) {
    context.provide(forecasterPoint, new HeuristicForecaster(context.config))
  },
}
