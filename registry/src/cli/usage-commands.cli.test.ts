import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import { runAether } from '@aether/core/testing'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startRegistry, type RunningRegistry } from '../index.js'
import { published } from '../../test/publishers.js'
import { aliceNovemberCsv, meteredUsage, novemberCalls } from '../../test/usage-rows.js'

// The operator's flow with the built CLI (`npm run build` first): usage the sandbox host stored
// in PGlite, exported with `aether sandbox usage --records` (the tenant acme's), sent with
// `aether registry usage import`, and alice's statement read back with `aether registry statement --csv`.
let root: string
let running: RunningRegistry
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'aether-registry-usage-cli-'))
  running = await startRegistry({
    dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), hasWorker: false,
    revenueShare: { publisherShare: '0.70', pricePer1000Records: '0.50', currency: 'EUR' },
  })
})
afterAll(async () => {
  await running?.stop()
  await rm(root, { recursive: true, force: true })
})

const aether = (args: string[]) => runAether(args, root)

describe('aether sandbox usage --records | aether registry usage import | aether registry statement', () => {
  it('carries the stored usage to the registry and prints the statement computed from it', async () => {
    await published(running, 'alice', '@alice/geo', '1.0.0', 'geo')
    await published(running, 'alice', '@alice/geo', '1.1.0', 'geo')
    // The sandbox host's records in the operator's own storage, as its meter flushes them.
    const storageDir = join(root, 'operator-db')
    const storage = await openPgliteStorage(storageDir)
    for (const record of await meteredUsage(novemberCalls)) await storage.store.writeBatch(record.tenant, [record as never])
    await storage.close()
    const config = join(root, 'pipeline.json')
    await writeFile(config, JSON.stringify({ tenant: 'acme', plugins: [{ use: '@aether/plugin-storage-pglite', config: { dataDir: storageDir } }, { use: '@aether/plugin-sandbox-host', config: { adapters: [] } }] }))

    const usageToken = await running.registry.tokens.create('collector', 'usage')
    const exported = await aether(['sandbox', 'usage', config, '--tenant', 'acme', '--from', '2026-10-01', '--to', '2026-12-31', '--records'])
    expect(exported.code, exported.stderr).toBe(0)
    const file = join(root, 'usage-acme.json')
    await writeFile(file, exported.stdout)
    const imported = await aether(['registry', 'usage', 'import', file, '--registry', running.url, '--token', usageToken])
    expect(imported.code, imported.stderr).toBe(0)
    expect(imported.stdout).toBe(`imported 9 usage records from ${file} (0 were already imported)\n` +
      'no package of this registry holds the adapters mystery, news: their usage earns no publisher anything\n')
    // globex's usage comes from another operator, over the API (one process fewer in this test).
    const globex = (await meteredUsage(novemberCalls)).filter((record) => record.tenant === 'globex')
    const sent = await fetch(`${running.url}/-/aether/usage`, {
      method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${usageToken}` }, body: JSON.stringify({ records: globex }),
    })
    expect(await sent.json()).toMatchObject({ inserted: 1 })
    const statement = await aether(['registry', 'statement', '--month', '2026-11', '--csv', '--registry', running.url, '--token', await running.registry.tokens.create('alice')])
    expect(statement.code, statement.stderr).toBe(0)
    expect(statement.stdout).toBe(aliceNovemberCsv)

    const refused = await aether(['registry', 'statement', '--month', '2026-11', '--publisher', 'alice', '--registry', running.url, '--token', await running.registry.tokens.create('bob')])
    expect(refused.code).not.toBe(0)
    expect(refused.stderr).toContain('403 Forbidden from')
    expect(refused.stderr).toContain('reading the statement of "alice" needs the admin scope')
  }, 120_000)

  it('refuses a token scope it does not know before opening anything', async () => {
    const made = await aether(['registry', 'token', '--scope', 'owner'])
    expect(made.code).not.toBe(0)
    expect(made.stderr).toContain('"owner" is not a token scope; use one of read, publish, admin, usage.')
  })
})
