import type { RunningRegistry, TokenScope } from '../src/index.js'
import { packageTarball, putTarball } from './tarball.js'
import { npmClient, type NpmClient } from './npm-cli.js'

/**
 * The real npm CLI with a new token of `label` and `scope`. Each call makes a new token, so a
 * test's publishes do not use up another test's share of the per-token publish rate limit;
 * tokens with one label act for one publisher.
 */
export async function publisherNpm(running: RunningRegistry, label: string, scope: TokenScope = 'publish'): Promise<NpmClient & { token: string }> {
  const token = await running.registry.tokens.create(label, scope)
  return { ...(await npmClient(running.url, token)), token }
}

/** Publishes `name@version` (an adapter named `adapterName` when given) over HTTP with a new token of `label`; fails the test unless it is accepted. */
export async function published(running: RunningRegistry, label: string, name: string, version = '1.0.0', adapterName?: string, scope: TokenScope = 'publish'): Promise<void> {
  const response = await putTarball(running.url, await running.registry.tokens.create(label, scope), name, version, await packageTarball(name, version, adapterName))
  if (response.status !== 201) throw new Error(`publishing ${name}@${version} as ${label}: ${response.status} ${await response.text()}`)
}
