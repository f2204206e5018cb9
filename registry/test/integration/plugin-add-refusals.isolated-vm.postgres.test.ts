import { generateKeyPairSync } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, stat } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import type { AetherLock } from '@aether/plugin-sandbox-host'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signCertificate, startRegistry, type Certificate, type RunningRegistry } from '../../src/index.js'
import { aether } from '../aether-cli.js'
import { publishCertified } from '../certified-publish.js'
import { writeKeywordEnricherPackage } from '../keyword-enricher-package.js'
import { npmClient } from '../npm-cli.js'
import { tamperingProxy, type TamperingProxy } from '../tampering-proxy.js'

// What `aether plugin add` refuses, run as a process against a real registry: through a proxy
// that changes what the registry sent (a man in the middle, or a registry not to be trusted),
// and capability grants it has no terminal to ask for. The registry keeps its state in a fresh
// PostgreSQL database (its distributed store): it starts in a fraction of PGlite's time.
const name = '@acme/keyword-enricher'
let root: string
let database: FreshDatabase
let running: RunningRegistry
let proxy: TamperingProxy

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-plugin-refusals-'))
  database = await freshDatabase()
  running = await startRegistry({ dataDir: join(root, 'registry'), databaseUrl: database.connectionString, port: 0, logger: createLogger({ level: 'silent' }), worker: { pollMs: 50 } })
  const npm = await npmClient(running.url, await running.registry.tokens.create('acme'))
  await publishCertified(npm, running.registry, await writeKeywordEnricherPackage(join(root, 'v1.0.0'), { name, version: '1.0.0' }), name, '1.0.0')
  await publishCertified(npm, running.registry, await writeKeywordEnricherPackage(join(root, 'v1.1.0'), { name, version: '1.1.0', capabilities: ['kv'] }), name, '1.1.0')
  proxy = await tamperingProxy(running.url)
}, 60_000)
afterAll(async () => {
  await proxy?.close()
  await running?.stop()
  await database?.drop()
  await rm(root, { recursive: true, force: true })
})

let projects = 0
async function emptyProject(): Promise<string> {
  const project = join(root, `project-${++projects}`)
  await mkdir(project)
  return project
}
const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false)

/** `aether plugin add` through the proxy, tampering as told; nothing may be installed. */
async function refusedThroughProxy(tampering: TamperingProxy['tampering'], edit: (packument: Record<string, unknown>) => void = () => {}) {
  const project = await emptyProject()
  proxy.tampering = tampering
  proxy.editPackument = edit
  try {
    const outcome = await aether(['plugin', 'add', `${name}@1.0.0`, '--registry', proxy.url], project)
    expect(outcome.code).toBe(1)
    expect(await exists(join(project, 'aether_adapters'))).toBe(false)
    expect(await exists(join(project, 'aether-lock.json'))).toBe(false)
    return outcome.stderr
  } finally {
    proxy.tampering = 'none'
  }
}

type Version = { aether: { certificate: Certificate; signature: string } }
const version100 = (packument: Record<string, unknown>): Version => (packument.versions as Record<string, Version>)['1.0.0'] as Version

describe('aether plugin add, given what it must not install', () => {
  it('refuses a tarball changed on the way (integrity mismatch)', async () => {
    const stderr = await refusedThroughProxy('tarball')
    expect(stderr).toContain('AETHER_E_REGISTRY_INSTALL_INTEGRITY_MISMATCH')
    expect(stderr).toContain(`The tarball of ${name}@1.0.0 has integrity`)
  })

  it('refuses a certificate signed by another key than the registry\'s (bad signature)', async () => {
    const forger = generateKeyPairSync('ed25519').privateKey
    const stderr = await refusedThroughProxy('packument', (packument) => {
      const { aether: certified } = version100(packument)
      certified.signature = signCertificate(certified.certificate, forger)
    })
    expect(stderr).toContain('AETHER_E_REGISTRY_SIGNATURE_INVALID')
    expect(stderr).toContain('the signature does not verify with key')
  })

  it('refuses a certificate whose capabilities were widened after signing', async () => {
    const stderr = await refusedThroughProxy('packument', (packument) => {
      version100(packument).aether.certificate.capabilities = ['fetch:evil.example']
    })
    expect(stderr).toContain('AETHER_E_REGISTRY_SIGNATURE_INVALID')
  })

  it('refuses a signature by a key the registry does not publish (unknown key id)', async () => {
    const stderr = await refusedThroughProxy('keys')
    expect(stderr).toContain('AETHER_E_REGISTRY_SIGNING_KEY_UNKNOWN')
    expect(stderr).toMatch(/Signing key "ed25519-[^"]+" is not one of this registry's keys/)
  })
})

describe('aether plugin add, deciding capabilities', () => {
  it('refuses, without a terminal, an adapter asking for a capability nobody granted, naming the flag', async () => {
    const project = await emptyProject()
    const outcome = await aether(['plugin', 'add', `${name}@1.1.0`, '--registry', running.url], project)
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toContain('AETHER_E_REGISTRY_INSTALL_GRANT_REQUIRED')
    expect(outcome.stderr).toContain(`${name}@1.1.0 asks for kv, and nothing granted it (no terminal to ask on). Run again with --grant kv`)
    expect(await exists(join(project, 'aether-lock.json'))).toBe(false)
  })

  it('refuses an update that asks for more than the locked version until the new capability is granted', async () => {
    const project = await emptyProject()
    expect((await aether(['plugin', 'add', `${name}@1.0.0`, '--registry', running.url], project)).code).toBe(0)
    const before = await readFile(join(project, 'aether-lock.json'), 'utf8')

    const refused = await aether(['plugin', 'add', `${name}@^1.1.0`, '--registry', running.url], project)
    expect(refused.code).toBe(1)
    expect(refused.stderr).toContain('AETHER_E_REGISTRY_INSTALL_CAPABILITY_ESCALATION')
    expect(refused.stderr).toContain(`${name}@1.1.0 asks for kv, which the installed 1.0.0 did not`)
    expect(await readFile(join(project, 'aether-lock.json'), 'utf8')).toBe(before)

    const granted = await aether(['plugin', 'add', `${name}@^1.1.0`, '--registry', running.url, '--grant', 'kv'], project)
    expect(granted.code, granted.stderr).toBe(0)
    const lock = JSON.parse(await readFile(join(project, 'aether-lock.json'), 'utf8')) as AetherLock
    expect(lock.adapters[name]).toMatchObject({ version: '1.1.0', certifiedCapabilities: ['kv'], grants: ['kv'] })
  })
})
