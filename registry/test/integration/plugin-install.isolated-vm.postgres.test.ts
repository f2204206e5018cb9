import { createHash } from 'node:crypto'
import { cp, mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createKernel, createLogger, kernelVersion } from '@aether/core'
import { enricherPoint, recordId, type SignalV1 } from '@aether/plugin-api'
import { plugin as sandboxHost, type AetherLock } from '@aether/plugin-sandbox-host'
import { freshDatabase, type FreshDatabase } from '@aether/plugin-storage-postgres/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry, verifyCertification, type Certificate, type PublishedKey, type RunningRegistry } from '../../src/index.js'
import { aether, aetherOnTerminal } from '../aether-cli.js'
import { publishCertified } from '../certified-publish.js'
import { writeEnricherPipeline } from '../enricher-pipeline.js'
import { writeKeywordEnricherPackage } from '../keyword-enricher-package.js'
import { npmClient } from '../npm-cli.js'

// An operator's project installing the example keyword enricher from a real registry (its
// in-process worker judging in the sandbox) with the real `aether` CLI process; the author
// publishes with the real npm CLI. The registry keeps its state in a fresh PostgreSQL database:
// PGlite's start alone took longer than this file's budget on a busy 2-core machine, and
// npm-cli.isolated-vm.test.ts already runs the registry on PGlite. Set up once: 1.0.0 certified
// and added with ^1.0.0, then 1.1.0 (asking for kv) certified. The token's label, acme, is the
// publisher that owns the scope and the adapter name keyword-enricher the package claims.
const name = '@acme/keyword-enricher'
const folder = `aether_adapters/${name}`
let root: string
let database: FreshDatabase
let running: RunningRegistry
let project: string
let publishToken: string
let added: { code: number; stdout: string; stderr: string }

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-plugin-install-'))
  database = await freshDatabase()
  running = await startRegistry({ dataDir: join(root, 'registry'), databaseUrl: database.connectionString, port: 0, logger: createLogger({ level: 'silent' }), worker: { pollMs: 50 } })
  publishToken = await running.registry.tokens.create('acme')
  const npm = await npmClient(running.url, publishToken)
  await publishCertified(npm, running.registry, await writeKeywordEnricherPackage(join(root, 'v1.0.0'), { name, version: '1.0.0' }), name, '1.0.0')
  project = join(root, 'project')
  await mkdir(project)
  added = await aether(['plugin', 'add', `${name}@^1.0.0`, '--registry', running.url], project)
  await publishCertified(npm, running.registry, await writeKeywordEnricherPackage(join(root, 'v1.1.0'), { name, version: '1.1.0', capabilities: ['kv'] }), name, '1.1.0')
}, 60_000)
afterAll(async () => {
  await running?.stop()
  await database?.drop()
  await rm(root, { recursive: true, force: true })
})

const readLock = async (dir: string): Promise<AetherLock> => JSON.parse(await readFile(join(dir, 'aether-lock.json'), 'utf8')) as AetherLock
const exists = (path: string): Promise<boolean> => stat(path).then(() => true, () => false)

let copies = 0
/** A copy of the operator's project, for a test that changes it. */
async function projectCopy(): Promise<string> {
  const copy = join(root, `copy-${++copies}`)
  await cp(project, copy, { recursive: true })
  return copy
}

const signal = (index: number, summary: string): SignalV1 => {
  const header = { tenant: 'lab', contract: 'signal.v1' as const, source: 'test', sourceEventId: `incident/${index}` }
  return { ...header, id: recordId(header), timestamp: '2023-04-30T00:00:00.000Z', region: 'us-east1', severity: 'high', summary }
}

/** A kernel in `dir` with the sandbox host loading the installed adapter, as a pipeline file names it. */
function kernelIn(dir: string) {
  return createKernel({
    logger: createLogger({ level: 'silent' }), baseDir: dir,
    plugins: [{ plugin: sandboxHost, config: { adapters: [{ path: folder }], poolSize: 1 } }],
  })
}

describe('aether plugin add', () => {
  it('installs the certified version the range resolves to into aether_adapters/ and pins it in aether-lock.json', async () => {
    expect(added.code, added.stderr).toBe(0)
    expect(added.stdout.trim()).toBe(`${name}@1.0.0`)
    expect(added.stderr).toContain(`${name}@1.0.0 asks for no capabilities`)
    const locked = (await readLock(project)).adapters[name]
    const packument = await (await fetch(`${running.url}/${encodeURIComponent(name)}`)).json() as { versions: Record<string, { dist: { integrity: string; tarball: string } }> }
    expect(locked).toMatchObject({
      version: '1.0.0', range: '^1.0.0', registry: running.url, folder, certifiedCapabilities: [], grants: [],
      integrity: packument.versions['1.0.0']?.dist.integrity, resolved: packument.versions['1.0.0']?.dist.tarball,
    })
    const { keys } = await (await fetch(`${running.url}/-/aether/keys`)).json() as { keys: PublishedKey[] }
    expect(locked?.keyId).toBe(keys[0]?.keyId)
    expect(() => verifyCertification(locked?.certificate as Certificate, locked?.signature ?? '', keys)).not.toThrow()
    expect(Object.keys(locked?.files ?? {}).sort()).toEqual(['aether-adapter.json', 'dist/adapter.js', 'package.json'])
    const manifest = JSON.parse(await readFile(join(project, folder, 'aether-adapter.json'), 'utf8')) as { name: string; engine: string }
    expect(manifest.name).toBe('keyword-enricher')
    expect((locked?.certificate as Certificate).kernelRange).toBe(manifest.engine)
    expect(kernelVersion).toBe('0.1.0')
  })

  it('gives an adapter the sandbox host runs: the installed enricher scores signals', async () => {
    const kernel = kernelIn(project)
    try {
      await kernel.start()
      const enricher = kernel.resolve(enricherPoint, 'keyword-enricher')
      const results = await enricher.enrichBatch([signal(1, 'Compute Engine capacity shortage in us-east1'), signal(2, 'all systems normal')], {
        tenant: 'lab', signal: new AbortController().signal, logger: createLogger({ level: 'silent' }), traceId: 'install-test',
      })
      expect(results.every((result) => result.isOk)).toBe(true)
      const [shortage, normal] = results.map((result) => (result.isOk ? result.value.bCapacity : Number.NaN))
      expect(shortage).toBeGreaterThan(normal as number)
    } finally {
      await kernel.stop()
    }
  })

  it('leaves an adapter the sandbox host refuses to load once its installed files change, bundle and manifest hash alike', async () => {
    const copy = await projectCopy()
    const bundleFile = join(copy, folder, 'dist', 'adapter.js')
    const changed = `${await readFile(bundleFile, 'utf8')}\n// changed after install`
    await writeFile(bundleFile, changed)
    const manifestFile = join(copy, folder, 'aether-adapter.json')
    const manifest = JSON.parse(await readFile(manifestFile, 'utf8')) as Record<string, unknown>
    await writeFile(manifestFile, JSON.stringify({ ...manifest, sha512: createHash('sha512').update(changed).digest('hex') }))
    const kernel = kernelIn(copy)
    try {
      // The kernel names the plugin whose register failed; the host's own refusal is the cause.
      await expect(kernel.start()).rejects.toMatchObject({
        code: 'AETHER_E_PLUGIN_REGISTER', cause: { code: 'AETHER_E_SANDBOX_LOCK_MISMATCH', message: expect.stringContaining('aether-adapter.json has sha512') },
      })
    } finally {
      await kernel.stop()
    }
  })
})

describe('an installed adapter in a pipeline, metered and paid', () => {
  it('runs in `aether run`, and the records it enriched are what its publisher\'s statement counts', async () => {
    const copy = await projectCopy()
    const pipeline = await writeEnricherPipeline(copy, { tenant: 'lab', adapterFolder: folder, enricher: 'keyword-enricher' })
    const firstDay = new Date().toISOString().slice(0, 10)
    const ran = await aether(['run', pipeline, '--json', '--no-progress'], copy)
    expect(ran.code, ran.stderr).toBe(0)
    const { counts } = JSON.parse(ran.stdout) as { counts: { valid: number; enrichments: number; failedItems: number } }
    expect(counts.enrichments).toBeGreaterThan(0)
    expect(counts).toMatchObject({ enrichments: counts.valid, failedItems: 0 })
    // The meter counts by the UTC day of the call: the run's day, both ends read after it.
    const lastDay = new Date().toISOString().slice(0, 10)

    const exported = await aether(['sandbox', 'usage', pipeline, '--tenant', 'lab', '--from', firstDay, '--to', lastDay, '--records'], copy)
    expect(exported.code, exported.stderr).toBe(0)
    const usageFile = join(copy, 'usage-lab.json')
    await writeFile(usageFile, exported.stdout)
    const usageToken = await running.registry.tokens.create('collector', 'usage')
    const imported = await aether(['registry', 'usage', 'import', usageFile, '--registry', running.url, '--token', usageToken], copy)
    expect(imported.code, imported.stderr).toBe(0)
    const records = (JSON.parse(exported.stdout) as unknown[]).length
    expect(records).toBeGreaterThan(0)
    expect(imported.stdout).toBe(`imported ${records} usage records from ${usageFile} (0 were already imported)\n`)

    const month = lastDay.slice(0, 7)
    const statement = await aether(['registry', 'statement', '--month', month, '--csv', '--registry', running.url, '--token', publishToken], copy)
    expect(statement.code, statement.stderr).toBe(0)
    const [header, ...rows] = statement.stdout.trim().split('\r\n').map((line) => line.split(','))
    const lines = rows.map((row) => Object.fromEntries((header ?? []).map((column, index) => [column, row[index]])))
    expect(lines.filter((line) => line.package !== 'TOTAL')).toEqual([expect.objectContaining({
      month, publisher: 'acme', package: name, adapter: 'keyword-enricher', version: '1.0.0', tenant: 'lab',
      records_in: String(counts.valid), records_out: String(counts.enrichments),
    })])
  }, 120_000)
})

describe('aether plugin add on a terminal', () => {
  it('asks the operator about each capability the adapter asks for, and locks the answer a configuration then uses', async () => {
    const fresh = join(root, 'terminal')
    await mkdir(fresh)
    const outcome = await aetherOnTerminal(['plugin', 'add', `${name}@1.1.0`, '--registry', running.url], fresh, 'y\n')
    expect(outcome.code, outcome.stdout).toBe(0)
    expect(outcome.stdout).toContain(`${name}@1.1.0 asks for kv`)
    expect(outcome.stdout).toContain('grant kv (as "kv")? [y/N]')
    expect((await readLock(fresh)).adapters[name]).toMatchObject({ version: '1.1.0', certifiedCapabilities: ['kv'], grants: ['kv'] })

    // A configuration naming the folder, without grants of its own, gets the locked ones.
    const config = { plugins: [{ use: '@aether/plugin-sandbox-host', config: { adapters: [{ path: folder }] } }] }
    await writeFile(join(fresh, 'aether.json'), JSON.stringify(config))
    const listed = await aether(['plugin', 'list', 'aether.json'], fresh)
    expect(listed.code, listed.stderr).toBe(0)
    expect(listed.stdout).toContain(`adapter keyword-enricher@1.1.0 (enricher, ${folder}) grants kv`)
  })
})

describe('aether plugin install', () => {
  it('reproduces exactly what the lockfile pins in a fresh folder', async () => {
    const fresh = join(root, 'fresh')
    await mkdir(fresh)
    await cp(join(project, 'aether-lock.json'), join(fresh, 'aether-lock.json'))
    const outcome = await aether(['plugin', 'install'], fresh)
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.stdout.trim()).toBe(`${name}@1.0.0`)
    for (const file of ['aether-adapter.json', 'dist/adapter.js', 'package.json']) {
      expect(await readFile(join(fresh, folder, file))).toEqual(await readFile(join(project, folder, file)))
    }
    expect(await readFile(join(fresh, 'aether-lock.json'), 'utf8')).toBe(await readFile(join(project, 'aether-lock.json'), 'utf8'))
  })

  it('refuses a tarball that is not the one the lockfile pins, installing nothing', async () => {
    const fresh = join(root, 'mismatched')
    await mkdir(fresh)
    const lock = await readLock(project)
    const locked = lock.adapters[name] as AetherLock['adapters'][string]
    // The lock pins 1.0.0's integrity; point it at 1.1.0's tarball.
    lock.adapters[name] = { ...locked, resolved: locked.resolved.replace('1.0.0.tgz', '1.1.0.tgz') }
    await writeFile(join(fresh, 'aether-lock.json'), JSON.stringify(lock))
    const outcome = await aether(['plugin', 'install'], fresh)
    expect(outcome.code).toBe(1)
    expect(outcome.stderr).toContain('AETHER_E_REGISTRY_INSTALL_INTEGRITY_MISMATCH')
    expect(outcome.stderr).toContain(`The tarball of ${name}@1.0.0 has integrity`)
    expect(await exists(join(fresh, 'aether_adapters'))).toBe(false)
  })
})

describe('aether plugin outdated and remove', () => {
  it('prints the installed version, the one its range installs now, and the latest certified', async () => {
    const outcome = await aether(['plugin', 'outdated'], project)
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.stdout.split('\n').filter(Boolean).map((line) => line.split(/\s+/))).toEqual([
      ['package', 'current', 'wanted', 'latest'], [name, '1.0.0', '1.1.0', '1.1.0'],
    ])
  })

  it('removes the adapter folder and its lockfile entry', async () => {
    const copy = await projectCopy()
    const outcome = await aether(['plugin', 'remove', name], copy)
    expect(outcome.code, outcome.stderr).toBe(0)
    expect(outcome.stdout.trim()).toBe(`removed ${name}@1.0.0`)
    expect(await exists(join(copy, folder))).toBe(false)
    expect((await readLock(copy)).adapters).toEqual({})
  })
})
