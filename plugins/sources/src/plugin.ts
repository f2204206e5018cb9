import { sourcePoint, type AetherPlugin } from '@aether/plugin-api'
import { SourcesConfig } from './config.js'
import { ReplaySource } from './replay-source.js'

/** Provides one replay source per entry of `replays`. */
export const plugin: AetherPlugin<SourcesConfig> = {
  manifest: {
    name: '@aether/plugin-sources',
    version: '0.1.0',
    description: 'Replays cloud status incidents, spot prices and spot traces from files',
    engine: '^0.1.0',
    provides: [sourcePoint.id],
    requires: {},
    configSchema: SourcesConfig,
  },
  register(context) {
    for (const replay of context.config.replays) {
      context.provide(sourcePoint, new ReplaySource(replay.name, replay.inputs, context.baseDir))
    }
  },
}
