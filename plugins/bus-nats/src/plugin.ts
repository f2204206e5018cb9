import { busPoint, type AetherPlugin } from '@aether/plugin-api'
import { NatsBusConfig } from './config.js'
import { connectNatsBus } from './nats-bus.js'

/** The bus on NATS JetStream, for pipelines whose stages run in several processes. */
export const plugin: AetherPlugin<NatsBusConfig> = {
  manifest: {
    name: '@aether/plugin-bus-nats',
    version: '0.1.0',
    description: 'Message bus on NATS JetStream: durable pull consumers, dedup, dead letters, backpressure',
    engine: '^0.1.0',
    provides: [busPoint.id],
    configSchema: NatsBusConfig,
  },
  async register(context) {
    const bus = await connectNatsBus(context.config, context.busSettings, context.logger)
    context.provide(busPoint, bus)
    context.onStop(() => bus.close())
  },
}
