import { createHash } from 'node:crypto'
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry, verifyCertification, type Certificate, type PublishedKey, type RunningRegistry, type Submission } from '../../src/index.js'
import { certifiableEnricher, clockStampedEnricher, writeAdapterPackage, writePlainPackage } from '../adapter-package.js'
import { npmClient, type NpmClient } from '../npm-cli.js'

// The real npm CLI (npm 11) against the registry on 127.0.0.1, PGlite underneath and the
// in-process worker judging each adapter in the sandbox host.
let root: string
let running: RunningRegistry
let npm: NpmClient
let token: string

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-registry-test-'))
  running = await startRegistry({ dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), worker: { pollMs: 100 } })
  token = await running.registry.tokens.create('alice')
  npm = await npmClient(running.url, token)
})
afterAll(async () => {
  await running?.stop()
  await rm(root, { recursive: true, force: true })
})

let packages = 0
/** A fresh adapter package folder, so no test depends on another's publish. */
async function adapterPackage(name: string, bundle: URL, version = '1.0.0'): Promise<string> {
  return writeAdapterPackage(join(root, `package-${++packages}`), { name, version, bundle })
}

/** A fresh plain package folder: for what is not about certification, it spares a conformance run. */
async function plainPackage(name: string, version = '1.0.0'): Promise<string> {
  return writePlainPackage(join(root, `package-${++packages}`), { name, version })
}

async function publish(folder: string, ...args: string[]): Promise<void> {
  const outcome = await npm.run(['publish', '--access', 'public', ...args], folder)
  expect(outcome.code, outcome.stderr).toBe(0)
}

async function packument(name: string): Promise<{ 'dist-tags': Record<string, string>; versions: Record<string, Record<string, unknown>> }> {
  const response = await fetch(`${running.url}/${encodeURIComponent(name)}`)
  expect(response.status).toBe(200)
  return response.json() as never
}

/** Waits until the submission of `name@version` is decided (certified or rejected). */
async function decided(name: string, version: string): Promise<Submission> {
  const deadline = Date.now() + 30_000
  for (;;) {
    const submission = await running.registry.submissions.ofVersion(name, version)
    if (submission !== undefined && submission.state !== 'submitted' && submission.state !== 'testing') return submission
    if (Date.now() > deadline) throw new Error(`${name}@${version} was not decided in 30 s (state ${submission?.state})`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}

describe('the registry, driven by the real npm CLI', () => {
  it('certifies a published adapter and signs it with a key that /-/aether/keys publishes', async () => {
    await publish(await adapterPackage('@acme/capacity-enricher', certifiableEnricher))
    const submission = await decided('@acme/capacity-enricher', '1.0.0')
    expect(submission.state, submission.problem ?? '').toBe('certified')

    const version = (await packument('@acme/capacity-enricher')).versions['1.0.0'] as { dist: { integrity: string }; aether: { certificate: Certificate; signature: string; report: string; reportSha512: string } }
    const { keys } = await (await fetch(`${running.url}/-/aether/keys`)).json() as { keys: PublishedKey[] }
    expect(() => verifyCertification(version.aether.certificate, version.aether.signature, keys)).not.toThrow()
    const tarball = Buffer.from(await (await fetch((version.dist as unknown as { tarball: string }).tarball)).arrayBuffer())
    expect(version.aether.certificate.tarballSha512).toBe(createHash('sha512').update(tarball).digest('hex'))
    expect(version.aether.certificate).toMatchObject({ kernelRange: '^0.1.0', capabilities: [] })
    const report = await (await fetch(version.aether.report)).text()
    expect(createHash('sha512').update(report).digest('hex')).toBe(version.aether.certificate.reportSha512)
    expect(JSON.parse(report)).toMatchObject({ verdict: 'pass', adapter: { name: 'capacity-enricher', artifact: 'tarball' } })
  })

  it('rejects an adapter that fails conformance, with the report saying which check failed', async () => {
    await publish(await adapterPackage('@acme/clock-stamped-enricher', clockStampedEnricher))
    const submission = await decided('@acme/clock-stamped-enricher', '1.0.0')
    expect(submission.state).toBe('rejected')
    expect(submission.certificate).toBeNull()
    const report = JSON.parse(await (await fetch(`${running.url}/-/aether/submissions/${submission.id}/report`)).text()) as { verdict: string; checks: { id: string; status: string }[] }
    expect(report.verdict).toBe('fail')
    expect(report.checks.find((check) => check.id === 'determinism')?.status).toBe('fail')
  })

  it('rejects an adapter whose manifest names another version than its package, without running it', async () => {
    const folder = await writeAdapterPackage(join(root, 'mismatched'), { name: '@acme/mismatched-enricher', version: '1.0.0', manifestVersion: '2.0.0', bundle: certifiableEnricher })
    await publish(folder)
    const submission = await decided('@acme/mismatched-enricher', '1.0.0')
    expect(submission).toMatchObject({ state: 'rejected', reportSha512: null })
    expect(submission.problem).toContain('aether-adapter.json says version "2.0.0"')
  })

  it('shows versions, dist-tags and the dist fields in npm view', async () => {
    await publish(await plainPackage('@acme/viewed'))
    const outcome = await npm.run(['view', '@acme/viewed', '--json'], root)
    expect(outcome.code, outcome.stderr).toBe(0)
    const viewed = JSON.parse(outcome.stdout) as { name: string; version: string; 'dist-tags': Record<string, string>; dist: { integrity: string; shasum: string; tarball: string } }
    expect(viewed).toMatchObject({ name: '@acme/viewed', version: '1.0.0', 'dist-tags': { latest: '1.0.0' } })
    expect(viewed.dist.integrity).toMatch(/^sha512-/)
    expect(viewed.dist.tarball).toBe(`${running.url}/@acme/viewed/-/viewed-1.0.0.tgz`)
  })

  it('adds, lists and removes dist-tags with npm dist-tag', async () => {
    const name = '@acme/tagged'
    await publish(await plainPackage(name, '1.0.0'))
    await publish(await plainPackage(name, '1.1.0-beta.1'), '--tag', 'next')
    expect((await npm.run(['dist-tag', 'add', `${name}@1.1.0-beta.1`, 'canary'], root)).code).toBe(0)
    const listed = await npm.run(['dist-tag', 'ls', name], root)
    expect(listed.stdout.split('\n').filter(Boolean).sort()).toEqual(['canary: 1.1.0-beta.1', 'latest: 1.0.0', 'next: 1.1.0-beta.1'])
    expect((await npm.run(['dist-tag', 'rm', name, 'canary'], root)).code).toBe(0)
    expect((await packument(name))['dist-tags']).toEqual({ latest: '1.0.0', next: '1.1.0-beta.1' })
  })

  it('marks a version deprecated with npm deprecate, and its certified submission deprecated', async () => {
    const name = '@acme/old-enricher'
    await publish(await adapterPackage(name, certifiableEnricher))
    expect((await decided(name, '1.0.0')).state).toBe('certified')
    const outcome = await npm.run(['deprecate', `${name}@1.0.0`, 'use @acme/capacity-enricher'], root)
    expect(outcome.code, outcome.stderr).toBe(0)
    expect((await packument(name)).versions['1.0.0']).toMatchObject({ deprecated: 'use @acme/capacity-enricher', aether: { state: 'deprecated' } })
  })

  it('yanks a version on the operator\'s request: the packument says so', async () => {
    const name = '@acme/yanked-enricher'
    await publish(await adapterPackage(name, certifiableEnricher))
    const { id } = await decided(name, '1.0.0')
    // Yanking is the operator's: an admin token (abuse-names.npm-cli.test.ts: a publish token is refused).
    const admin = await running.registry.tokens.create('operator', 'admin')
    const response = await fetch(`${running.url}/-/aether/submissions/${id}/yank`, { method: 'POST', headers: { authorization: `Bearer ${admin}` } })
    expect(response.status).toBe(200)
    expect((await packument(name)).versions['1.0.0']).toMatchObject({ aether: { state: 'yanked' } })
  })

  it('installs a published package with npm install, checking its sha512 integrity', async () => {
    const name = '@acme/installed-enricher'
    await publish(await adapterPackage(name, certifiableEnricher))
    const project = join(root, 'project')
    await writePlainPackage(project, { name: 'consumer', version: '1.0.0' })
    const outcome = await npm.run(['install', `${name}@^1.0.0`], project)
    expect(outcome.code, outcome.stderr).toBe(0)
    const installed = JSON.parse(await readFile(join(project, 'node_modules', name, 'aether-adapter.json'), 'utf8')) as { name: string }
    expect(installed.name).toBe('installed-enricher')
    const lock = JSON.parse(await readFile(join(project, 'package-lock.json'), 'utf8')) as { packages: Record<string, { integrity: string; resolved: string }> }
    const locked = lock.packages[`node_modules/${name}`]
    expect(locked?.integrity).toBe(((await packument(name)).versions['1.0.0'] as { dist: { integrity: string } }).dist.integrity)
  })

  it('keeps a plain package (no aether-adapter.json) out of the certification workflow', async () => {
    await publish(await plainPackage('plain-helper', '2.0.0'))
    expect((await packument('plain-helper')).versions['2.0.0']).not.toHaveProperty('aether')
    expect(await running.registry.submissions.ofVersion('plain-helper', '2.0.0')).toBeUndefined()
  })

  it('refuses a publish with an unknown token, and npm prints the reason', async () => {
    const stranger = await npmClient(running.url, 'aether_not-a-token')
    const outcome = await stranger.run(['publish', '--access', 'public'], await plainPackage('@acme/stranger'))
    expect(outcome.code).not.toBe(0)
    expect(outcome.stderr).toContain('401')
    expect(outcome.stderr).toContain('not known to this registry')
  })

  it('refuses to publish a version again (409), even with npm publish --force', async () => {
    const name = '@acme/once'
    await publish(await plainPackage(name))
    const again = await npm.run(['publish', '--access', 'public', '--force'], await writePlainPackage(join(root, 'changed'), { name, version: '1.0.0' }))
    expect(again.code).not.toBe(0)
    expect(again.stderr).toContain('409')
    expect(again.stderr).toContain('already published')
  })
})

describe('the registry, sent malformed requests', () => {
  const put = (name: string, body: unknown, auth = `Bearer ${token}`) => fetch(`${running.url}/${encodeURIComponent(name)}`, {
    method: 'PUT', headers: { 'content-type': 'application/json', authorization: auth }, body: JSON.stringify(body),
  })
  const publishBody = (name: string, tarball: Buffer, integrity: string) => ({
    _id: name, name, 'dist-tags': { latest: '1.0.0' },
    versions: { '1.0.0': { name, version: '1.0.0', dist: { integrity, shasum: createHash('sha1').update(tarball).digest('hex') } } },
    _attachments: { [`${name}-1.0.0.tgz`]: { content_type: 'application/octet-stream', data: tarball.toString('base64'), length: tarball.length } },
  })

  it('refuses a tarball whose sha512 differs from the declared integrity', async () => {
    const tarball = Buffer.from('not the tarball that was packed')
    const declared = `sha512-${createHash('sha512').update('the tarball that was packed').digest('base64')}`
    const response = await put('tampered', publishBody('tampered', tarball, declared))
    expect(response.status).toBe(400)
    expect(await response.json()).toMatchObject({ code: 'AETHER_E_REGISTRY_INTEGRITY_MISMATCH' })
  })

  it('refuses a tarball that is not a gzipped tar archive, even with the right integrity', async () => {
    const tarball = Buffer.from('plain text, not a .tgz')
    const response = await put('not-a-tarball', publishBody('not-a-tarball', tarball, `sha512-${createHash('sha512').update(tarball).digest('base64')}`))
    expect(response.status).toBe(400)
    expect((await response.json() as { error: string }).error).toContain('not a gzipped tar archive')
  })

  it('refuses a body without versions, saying which field', async () => {
    const response = await put('broken', { name: 'broken' })
    expect(response.status).toBe(400)
    const body = await response.json() as { error: string; code: string }
    expect(body.code).toBe('AETHER_E_REGISTRY_BODY_INVALID')
    expect(body.error).toContain('versions')
  })

  it('refuses a body whose name is not the one in the URL', async () => {
    const tarball = Buffer.from('x')
    const response = await put('one-name', publishBody('another-name', tarball, `sha512-${createHash('sha512').update(tarball).digest('base64')}`))
    expect(response.status).toBe(400)
    expect((await response.json() as { error: string }).error).toContain('the URL names "one-name"')
  })

  it('refuses a package name npm would not accept, or one the API uses', async () => {
    for (const name of ['Upper-Case', 'docs']) {
      const response = await put(name, { name, versions: {} })
      expect(response.status).toBe(400)
      expect((await response.json() as { error: string }).error).toContain('not a valid package name')
    }
  })

  it('refuses a request without a token with 401', async () => {
    const response = await put('no-token', { name: 'no-token', versions: {} }, '')
    expect(response.status).toBe(401)
  })

  it('answers an unknown package with 404 and its name', async () => {
    const response = await fetch(`${running.url}/${encodeURIComponent('@acme/nothing-here')}`)
    expect(response.status).toBe(404)
    expect((await response.json() as { error: string }).error).toContain('@acme/nothing-here')
  })

  it('serves its OpenAPI description at /docs', async () => {
    const spec = await (await fetch(`${running.url}/docs`)).json() as { openapi: string; paths: Record<string, unknown> }
    expect(spec.openapi).toMatch(/^3\./)
    expect(Object.keys(spec.paths)).toEqual(expect.arrayContaining(['/{name}', '/-/aether/keys', '/-/package/{name}/dist-tags/{tag}']))
  })
})

