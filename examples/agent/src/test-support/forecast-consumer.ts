import { createLogger } from '@aether/core'
import type { AetherRecord } from '@aether/plugin-api'
import { connectNatsBus, NatsBusConfig } from '@aether/plugin-bus-nats'
import { uniqueDeployment } from '@aether/plugin-bus-nats/testing'
import { Value } from '@sinclair/typebox/value'

/** The pipeline's side of an agent drill: a durable consumer of `forecasts` in a deployment of its own. */
export interface ForecastConsumer {
  deployment: string
  /** The last copy of each forecast received, by id. */
  received: Map<string, AetherRecord>
  /** How many times each forecast id arrived. */
  arrivals: Map<string, number>
  stop(): Promise<void>
}

export async function startForecastConsumer(serverUrl: string): Promise<ForecastConsumer> {
  const deployment = uniqueDeployment()
  const config = Value.Default(NatsBusConfig, { servers: [serverUrl], deployment, storage: 'file' }) as NatsBusConfig
  const bus = await connectNatsBus(config, { maxMessagesPerSubject: 64, dedupWindowMs: 120_000, maxDeliver: 5, maxInFlight: 2 }, createLogger({ level: 'silent' }))
  const received = new Map<string, AetherRecord>()
  const arrivals = new Map<string, number>()
  await bus.declare([{ subject: 'forecasts', durable: 'policy' }])
  const subscription = await bus.consume('forecasts', { durable: 'policy' }, async (message) => {
    for (const record of message.records) {
      received.set(record.id, record)
      arrivals.set(record.id, (arrivals.get(record.id) ?? 0) + 1)
    }
  })
  return { deployment, received, arrivals, stop: async () => { await subscription.stop(); await bus.close() } }
}
