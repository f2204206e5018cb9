import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { registryServer, startRegistry, type RunningRegistry } from '../../src/index.js'
import { certifiableEnricher, writeAdapterPackage, writePlainPackage } from '../adapter-package.js'
import { npmClient, type NpmClient, type NpmOutcome } from '../npm-cli.js'
import { published, publisherNpm } from '../publishers.js'
import { packageTarball, putTarball } from '../tarball.js'

// Token scopes and name ownership, refused through the real npm CLI (npm 11), which prints the
// `error` of the registry's JSON body after the status. No worker: nothing here is judged. What a
// test needs in place is published over HTTP (published()), which is quicker than npm.
let root: string
let running: RunningRegistry
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-registry-names-'))
  running = await startRegistry({ dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), hasWorker: false })
})
afterAll(async () => {
  await running?.stop()
  await rm(root, { recursive: true, force: true })
})

let folders = 0
const plain = (name: string, version = '1.0.0') => writePlainPackage(join(root, `package-${++folders}`), { name, version })
const adapter = (name: string) => writeAdapterPackage(join(root, `package-${++folders}`), { name, version: '1.0.0', bundle: certifiableEnricher })
const publish = (npm: NpmClient, folder: string) => npm.run(['publish', '--access', 'public'], folder)

function expectRefused(outcome: NpmOutcome, status: string, reason: string): void {
  expect(outcome.code, outcome.stdout).not.toBe(0)
  // npm prints: "npm error 403 403 Forbidden - PUT <url> - <the registry's reason>".
  const line = outcome.stderr.split('\n').find((l) => l.includes(` ${status} `) && l.includes(' - ')) ?? outcome.stderr
  expect(line).toContain(reason)
}

describe('token scopes, enforced on the routes', () => {
  it('keeps tokens only as hashes, each with its scope', async () => {
    const token = await running.registry.tokens.create('dana', 'read')
    const { rows } = await running.registry.storage.executor.query<{ token_sha256: string; scope: string }>(
      'SELECT token_sha256, scope FROM registry_tokens WHERE label = $1', ['dana'])
    expect(rows).toHaveLength(1)
    expect(rows[0]?.scope).toBe('read')
    expect(rows[0]?.token_sha256).toMatch(/^[0-9a-f]{64}$/)
    expect(JSON.stringify(rows)).not.toContain(token.slice('aether_'.length, 20))
  })

  it('refuses a publish with a read or a usage token (403), and npm prints why', async () => {
    const reader = await publisherNpm(running, 'rita', 'read')
    expect((await reader.run(['whoami'], root)).stdout.trim()).toBe('rita')
    expectRefused(await publish(reader, await plain('@rita/pkg')), '403',
      'The token of "rita" has the read scope, and publishing @rita/pkg needs the publish scope. Ask the registry operator for a token made with "aether registry token --scope publish".')
    const collector = await putTarball(running.url, await running.registry.tokens.create('meter', 'usage'), '@meter/pkg', '1.0.0', await packageTarball('@meter/pkg', '1.0.0'))
    expect(collector.status).toBe(403)
    expect((await collector.json() as { error: string }).error).toContain('has the usage scope, and publishing @meter/pkg needs the publish scope')
  })

  it('lets only an admin token yank a version', async () => {
    await published(running, 'alice', '@alice/yankable', '1.0.0', 'yankable')
    const submission = await running.registry.submissions.ofVersion('@alice/yankable', '1.0.0')
    const yank = (token: string) => fetch(`${running.url}/-/aether/submissions/${submission?.id}/yank`, { method: 'POST', headers: { authorization: `Bearer ${token}` } })
    const refused = await yank(await running.registry.tokens.create('alice'))
    expect(refused.status).toBe(403)
    expect(await refused.json()).toMatchObject({ code: 'AETHER_E_REGISTRY_TOKEN_SCOPE_INSUFFICIENT', error: expect.stringContaining('yanking a version needs the admin scope') })
    expect((await yank(await running.registry.tokens.create('operator', 'admin'))).status).toBe(200)
    expect((await running.registry.submissions.ofVersion('@alice/yankable', '1.0.0'))?.state).toBe('yanked')
  })

  it('with --read-access token, serves packages only to holders of a token that may read', async () => {
    await published(running, 'alice', '@alice/private')
    const app = await registryServer(running.registry, createLogger({ level: 'silent' }), { readAccess: 'token' })
    await app.listen({ host: '127.0.0.1', port: 0 })
    try {
      const url = `http://127.0.0.1:${(app.server.address() as { port: number }).port}`
      const anonymous = await npmClient(url)
      expectRefused(await anonymous.run(['view', '@alice/private', 'version'], root), '401', 'This request needs a token and none was sent')
      const reader = await npmClient(url, await running.registry.tokens.create('rita', 'read'))
      const viewed = await reader.run(['view', '@alice/private', 'version'], root)
      expect(viewed.stdout.trim(), viewed.stderr).toBe('1.0.0')
      const collector = await fetch(`${url}/${encodeURIComponent('@alice/private')}`, { headers: { authorization: `Bearer ${await running.registry.tokens.create('meter', 'usage')}` } })
      expect(collector.status).toBe(403)
      expect((await fetch(`${url}/-/ping`)).status).toBe(200)
    } finally {
      await app.close()
    }
  })
})

describe('name rules', () => {
  it('gives a scope to its first publisher: another publisher gets 403 with the owner named', async () => {
    await published(running, 'alice', '@acme/first')
    const bob = await publisherNpm(running, 'bob')
    expectRefused(await publish(bob, await plain('@acme/second')), '403',
      '@acme/second cannot be published by you: the scope @acme belongs to the publisher "alice", who published in it first.')
    // Another token of alice's is alice.
    await published(running, 'alice', '@acme/second')
  })

  it('gives an unscoped name to its first publisher, and refuses names that differ from it only in . _ -', async () => {
    await published(running, 'alice', 'left-pad')
    const bob = await publisherNpm(running, 'bob')
    expectRefused(await publish(bob, await plain('left-pad', '1.0.1')), '403', 'the package belongs to the publisher "alice", who published it first')
    expectRefused(await publish(bob, await plain('left_pad')), '403', 'it differs from "left-pad" of the publisher "alice" only in ".", "_" or "-", so it would pass for it')
    const lookalike = await putTarball(running.url, bob.token, 'leftpad', '1.0.0', await packageTarball('leftpad', '1.0.0'))
    expect(lookalike.status).toBe(403)
    expect((await lookalike.json() as { error: string }).error).toContain('it differs from "left-pad"')
    // Lookalikes of one's own names are one's own business.
    await published(running, 'alice', 'left.pad')
  })

  it('lets only the publisher (or an admin token) change dist-tags and deprecations', async () => {
    await published(running, 'alice', '@alice/tagged')
    const bob = await publisherNpm(running, 'bob')
    expectRefused(await bob.run(['dist-tag', 'add', '@alice/tagged@1.0.0', 'beta'], root), '403', 'the package belongs to the publisher "alice"; only their tokens, or the operator\'s admin token, change its tags and deprecations')
    expectRefused(await bob.run(['deprecate', '@alice/tagged@1.0.0', 'mine now'], root), '403', 'belongs to the publisher "alice"')
    const tag = (token: string) => fetch(`${running.url}/-/package/${encodeURIComponent('@alice/tagged')}/dist-tags/beta`, {
      method: 'PUT', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify('1.0.0'),
    })
    expect((await tag(await running.registry.tokens.create('operator', 'admin'))).status).toBe(200)
    expect((await tag(await running.registry.tokens.create('alice'))).status).toBe(200)
  })

  it('gives an adapter name to the package that first published it', async () => {
    await published(running, 'alice', '@alice/geo', '1.0.0', 'geo')
    expectRefused(await publish(await publisherNpm(running, 'bob'), await adapter('@bob/geo')), '403',
      'its aether-adapter.json names the adapter "geo", which is the adapter of @alice/geo; adapter names are unique in this registry, since usage is counted under them')
    // The refused publish left nothing behind: the scope @bob is still free, the package unknown.
    expect((await fetch(`${running.url}/${encodeURIComponent('@bob/geo')}`)).status).toBe(404)
    await published(running, 'carol', '@bob/other')
  })

  it('keeps the scope @aether for the operator', async () => {
    expectRefused(await publish(await publisherNpm(running, 'alice'), await plain('@aether/kernel-tools')), '403', 'the scope @aether is reserved for the registry operator')
    await published(running, 'operator', '@aether/kernel-tools', '1.0.0', undefined, 'admin')
  })
})
