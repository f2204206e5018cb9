import { randomUUID } from 'node:crypto'
import { createLogger } from '@aether/core'
import type { BusLimits } from '@aether/core/testing'
import { jetstreamManager } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import { NatsBusConfig } from '../src/config.js'
import { connectNatsBus, type NatsBus } from '../src/nats-bus.js'
import { sharedNatsUrl } from './nats-test-server.js'
import { Value } from '@sinclair/typebox/value'

/** A deployment name no other test run uses. */
export function uniqueDeployment(): string {
  return `t${randomUUID().replaceAll('-', '').slice(0, 12)}`
}

/**
 * A NATS bus with a deployment of its own (or `deployment`) on the shared server (or `url`), with
 * the kernel's default settings and memory streams (or `storage`).
 */
export async function createTestNatsBus(
  limits: BusLimits = {}, url = sharedNatsUrl, deployment = uniqueDeployment(), storage: NatsBusConfig['storage'] = 'memory',
): Promise<NatsBus> {
  const config = Value.Default(NatsBusConfig, { servers: [url], deployment, storage }) as NatsBusConfig
  return connectNatsBus(config, {
    maxMessagesPerSubject: limits.maxMessagesPerSubject ?? 64,
    dedupWindowMs: limits.dedupWindowMs ?? 120_000,
    maxDeliver: 5,
    maxInFlight: 2,
  }, createLogger({ level: 'silent' }))
}

/** The names of a deployment's streams on the shared server (or `url`). */
export async function deploymentStreams(deployment: string, url = sharedNatsUrl): Promise<string[]> {
  const connection = await connect({ servers: [url] })
  try {
    const names: string[] = []
    for await (const name of (await jetstreamManager(connection)).streams.names()) {
      if (name.startsWith(`${deployment}_`)) names.push(name)
    }
    return names
  } finally {
    await connection.close()
  }
}

/** Deletes every stream of a deployment, so test runs leave nothing behind on the shared server. */
export async function deleteDeployment(deployment: string, url = sharedNatsUrl): Promise<void> {
  const connection = await connect({ servers: [url] })
  try {
    const jsm = await jetstreamManager(connection)
    for await (const name of jsm.streams.names()) {
      if (name.startsWith(`${deployment}_`)) await jsm.streams.delete(name)
    }
  } finally {
    await connection.close()
  }
}
