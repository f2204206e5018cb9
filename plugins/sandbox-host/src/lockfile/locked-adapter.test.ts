import { createHash } from 'node:crypto'
import { appendFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import type { AetherLock, LockedAdapter } from './adapter-lock.js'
import { checkLoadedBundle, lockedAdapter, lockedGrants } from './locked-adapter.js'

const sha512 = (text: string): string => createHash('sha512').update(text).digest('hex')
const files = { 'aether-adapter.json': '{"name":"x"}', 'dist/adapter.js': 'globalThis.adapter = {}' }

/** A project with one adapter installed at aether_adapters/@acme/x and its lockfile entry. */
async function project(grants: string[] = []): Promise<{ dir: string; folder: string; locked: LockedAdapter }> {
  const dir = await mkdtemp(join(tmpdir(), 'aether-lock-'))
  const folder = join(dir, 'aether_adapters', '@acme', 'x')
  for (const [path, content] of Object.entries(files)) {
    await mkdir(join(folder, path, '..'), { recursive: true })
    await writeFile(join(folder, path), content)
  }
  const locked: LockedAdapter = {
    version: '1.0.0', range: '^1.0.0', registry: 'http://127.0.0.1:4873', resolved: 'http://127.0.0.1:4873/@acme/x/-/x-1.0.0.tgz',
    integrity: 'sha512-AAAA', folder: 'aether_adapters/@acme/x', certificate: {}, signature: 'c2ln', keyId: 'key-a',
    certifiedCapabilities: ['kv'], grants, files: Object.fromEntries(Object.entries(files).map(([path, content]) => [path, sha512(content)])),
  }
  const lock: AetherLock = { lockfileVersion: 1, adapters: { '@acme/x': locked } }
  await writeFile(join(dir, 'aether-lock.json'), JSON.stringify(lock))
  return { dir, folder, locked }
}

describe('lockedAdapter', () => {
  it('gives the lockfile entry of an installed folder whose files are as recorded', async () => {
    const { folder, locked } = await project()
    expect(await lockedAdapter(folder)).toEqual(locked)
  })

  it('leaves a folder no lockfile lists, outside aether_adapters/, unmanaged', async () => {
    const { dir } = await project()
    const elsewhere = join(dir, 'adapters', 'mine')
    await mkdir(elsewhere, { recursive: true })
    expect(await lockedAdapter(elsewhere)).toBeUndefined()
  })

  it('refuses a folder whose file changed after install, naming the file', async () => {
    const { folder } = await project()
    await appendFile(join(folder, 'dist', 'adapter.js'), '\n// changed')
    await expect(lockedAdapter(folder)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_LOCK_MISMATCH', message: expect.stringContaining('dist/adapter.js has sha512'),
    })
  })

  it('refuses a folder put into aether_adapters/ that the lockfile does not list', async () => {
    const { dir } = await project()
    const unlisted = join(dir, 'aether_adapters', 'stowaway')
    await mkdir(unlisted, { recursive: true })
    await expect(lockedAdapter(unlisted)).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_LOCK_MISMATCH', message: expect.stringContaining('does not list it') })
  })
})

describe('checkLoadedBundle', () => {
  it('accepts the bundle the lockfile records, and refuses another or one it does not list', async () => {
    const { folder, locked } = await project()
    expect(() => checkLoadedBundle(locked, 'dist/adapter.js', files['dist/adapter.js'], folder)).not.toThrow()
    expect(() => checkLoadedBundle(locked, 'dist/adapter.js', 'globalThis.adapter = { evil: true }', folder)).toThrow(/changed while it was loaded/)
    expect(() => checkLoadedBundle(locked, 'dist/other.js', files['dist/adapter.js'], folder)).toThrow(/is not among the files/)
  })
})

describe('lockedGrants', () => {
  it('takes the lockfile\'s grants when the configuration names none', async () => {
    const { locked } = await project(['kv'])
    expect(lockedGrants(undefined, locked, 'aether_adapters/@acme/x')).toEqual(['kv'])
  })

  it('refuses a configured grant the operator did not give at install', async () => {
    const { locked } = await project([])
    expect(() => lockedGrants(['kv'], locked, 'aether_adapters/@acme/x')).toThrow(/does not record as granted/)
  })
})
