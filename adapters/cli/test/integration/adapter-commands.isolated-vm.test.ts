import { createHash } from 'node:crypto'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { appendFile, readFile, readdir, writeFile } from 'node:fs/promises'
import { delimiter, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { temporaryDirectories } from '@aether/core/testing'
import { describe, expect, it } from 'vitest'
import { adapterKindNames } from '../../src/adapter-kinds.js'
import { buildAdapter } from '../../src/build-adapter.js'
import { scaffoldAdapter } from '../../src/scaffold-adapter.js'
import { runAether, runCommand } from '../run-aether.js'

const temporaryDirectory = temporaryDirectories()
const samples = JSON.parse(await readFile(new URL('../../samples/signals.json', import.meta.url), 'utf8')) as Array<{ id: string }>
// Where npm links `aether` in this repository, for the scaffold's `npm test` to find it as an author's would.
const repositoryBin = fileURLToPath(new URL('../../../../node_modules/.bin', import.meta.url))

/** A scaffolded and built enricher in a fresh folder, its src/index.ts replaced by `source` when given. */
async function builtEnricher(source?: string, settings: Record<string, unknown> = {}): Promise<string> {
  const { folder } = await scaffoldAdapter('enricher', 'my-enricher', await temporaryDirectory('aether-adapter-'))
  if (source !== undefined) await writeFile(join(folder, 'src/index.ts'), source)
  const pkg = JSON.parse(await readFile(join(folder, 'package.json'), 'utf8'))
  await writeFile(join(folder, 'package.json'), JSON.stringify({ ...pkg, aetherAdapter: { ...pkg.aetherAdapter, ...settings } }))
  await buildAdapter(folder)
  return folder
}

describe('aether adapter init, build and test', () => {
  it('take a new author from an empty folder to an adapter that passes in the real sandbox', async () => {
    const workspace = await temporaryDirectory('aether-author-')
    const init = await runAether(['adapter', 'init', 'enricher', 'my-enricher'], workspace)
    expect(init.code).toBe(0)
    const folder = join(workspace, 'my-enricher')
    expect((await readdir(folder)).sort()).toEqual(['README.md', 'package.json', 'src', 'test', 'tsconfig.json'])

    const build = await runAether(['adapter', 'build'], folder)
    expect(build.stderr).toBe('')
    expect(build.code).toBe(0)
    const manifest = JSON.parse(await readFile(join(folder, 'aether-adapter.json'), 'utf8'))
    const bundle = await readFile(join(folder, manifest.entry))
    expect(manifest).toMatchObject({ kind: 'enricher', name: 'my-enricher', version: '0.1.0', entry: 'dist/adapter.js', input: 'signal.v1', output: 'enrichment.v1' })
    expect(manifest.sha512).toBe(createHash('sha512').update(bundle).digest('hex'))
    expect(bundle.toString()).not.toMatch(/\brequire\(|^import /m)

    const human = await runAether(['adapter', 'test', '.'], folder)
    expect(human.code).toBe(0)
    expect(human.stdout).toMatch(/^ok my-enricher \(enricher\): 6 records in [\d.]+ ms\n/)
    expect(human.stdout).toContain('enriching 6 signals for demo')

    const json = await runAether(['adapter', 'test', '.', '--json', '--tenant', 'acme'], folder)
    expect(json.code).toBe(0)
    const trial = JSON.parse(json.stdout)
    expect(trial).toMatchObject({ outcome: 'ok', name: 'my-enricher', kind: 'enricher', tenant: 'acme', logs: ['enriching 6 signals for acme'] })
    expect(trial.records.map((record: { id: string; tenant: string }) => [record.id, record.tenant])).toEqual(samples.map((signal) => [signal.id, 'acme']))

    // The scaffold's own test, as its author runs it: npm finds `aether` on PATH.
    const ownTest = await runCommand('npm', ['test'], folder, { PATH: `${repositoryBin}${delimiter}${process.env.PATH ?? ''}` })
    expect(ownTest.stdout).toContain('# pass 1')
    expect(ownTest.code).toBe(0)
  }, 60_000)

  it('exit 1 with the code and reason when the adapter fails its call', async () => {
    const folder = await builtEnricher(`import { defineEnricher } from '@aether/adapter-sdk'
export default defineEnricher({ name: 'my-enricher', process() { throw new TypeError('no lexicon loaded') } })
`)
    const { code, stdout } = await runAether(['adapter', 'test', folder], folder)
    expect(stdout).toMatch(/^AETHER_E_SANDBOX_ADAPTER_THREW my-enricher \(enricher\) after [\d.]+ ms: TypeError: no lexicon loaded\n/)
    expect(code).toBe(1)
  })

  it('exit 1 when an output record is not an enrichment, showing what the adapter returned', async () => {
    const folder = await builtEnricher(`import { defineEnricher } from '@aether/adapter-sdk'
export default defineEnricher({ name: 'my-enricher', process: (signals) => signals.map((s) => ({ id: s.id, tenant: s.tenant, bCapacity: 2 }) as never) })
`)
    const { code, stdout } = await runAether(['adapter', 'test', '.', '--json'], folder)
    const trial = JSON.parse(stdout)
    expect(trial.outcome).toBe('AETHER_E_SANDBOX_CONTRACT_VIOLATION')
    expect(trial.reason).toMatch(/^output record 0 is not an enrichment: /)
    expect(trial.records[0]).toEqual({ id: samples[0]!.id, tenant: 'demo', bCapacity: 2 })
    expect(code).toBe(1)
  })

  it('exit 2, saying to rebuild, when the bundle was changed after it was built', async () => {
    const folder = await builtEnricher()
    await appendFile(join(folder, 'dist/adapter.js'), '\nglobalThis.adapter = null\n')
    const { code, stderr } = await runAether(['adapter', 'test', '.', '--json'], folder)
    expect(stderr).toContain('error AETHER_E_SANDBOX_BUNDLE_MISMATCH: ')
    expect(stderr).toContain('If this is your adapter, rebuild it: aether adapter build .')
    expect(code).toBe(2)
  })

  it('exit 2, naming the file, when the manifest is not JSON', async () => {
    const folder = await builtEnricher()
    await writeFile(join(folder, 'aether-adapter.json'), '{ "kind": "enricher",')
    const { code, stderr, stdout } = await runAether(['adapter', 'test', '.', '--json'], folder)
    expect(stderr).toContain(`error AETHER_E_SANDBOX_ADAPTER_UNREADABLE: Adapter file ${join(folder, 'aether-adapter.json')} could not be read: not a JSON object`)
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'not-loaded', code: 'AETHER_E_SANDBOX_ADAPTER_UNREADABLE' })
    expect(code).toBe(2)
  })

  it('exit 2 with a usable message when --input is not a list of keyed records', async () => {
    const folder = await builtEnricher()
    await writeFile(join(folder, 'records.json'), JSON.stringify([{ summary: 'no id' }]))
    const { code, stderr } = await runAether(['adapter', 'test', '.', '--input', 'records.json'], folder)
    expect(stderr).toContain('record 0 has no string "id" and "tenant". Pass --input with a JSON array of what the kind reads')
    expect(code).toBe(2)
  })

  it('grants kv and fetch of one address as an operator would', async () => {
    const server = createServer((request, response) => response.writeHead(200, { 'content-type': 'text/plain' }).end(`hello ${request.url}`))
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    try {
      const { port } = server.address() as AddressInfo
      const folder = await builtEnricher(`import { defineEnricher } from '@aether/adapter-sdk'
export default defineEnricher({
  name: 'my-enricher',
  async process(signals, ctx) {
    await ctx.kv?.set('seen', String(signals.length))
    const response = await ctx.fetch?.('http://127.0.0.1:${port}/status')
    ctx.log(\`kv:\${ctx.kv === undefined ? 'absent' : await ctx.kv.get('seen')} fetch:\${response === undefined ? 'absent' : \`\${response.status} \${response.body}\`}\`)
    return signals.map((signal) => ({ id: signal.id, tenant: signal.tenant, error: 'only probing' }))
  },
})
`, { capabilities: [`fetch:127.0.0.1:${port}`, 'kv'] })
      const granted = await runAether(['adapter', 'test', '.', '--json', '--grant', 'kv', '--grant', `fetch=127.0.0.1:${port}`], folder)
      expect(granted.code).toBe(0)
      expect(JSON.parse(granted.stdout)).toMatchObject({ outcome: 'ok', logs: ['kv:6 fetch:200 hello /status'], ungranted: [] })
    } finally {
      server.close()
    }
  })

  it('exit 2 on a grant the manifest does not request, rather than running without it', async () => {
    const folder = await builtEnricher()
    const { code, stderr } = await runAether(['adapter', 'test', '.', '--grant', 'fetch=status.example.com'], folder)
    expect(stderr).toContain('error AETHER_E_SANDBOX_GRANT_INVALID: ')
    expect(stderr).toContain('grants "fetch=status.example.com", which its manifest does not request')
    expect(code).toBe(2)
  })
})

describe('aether adapter test of a .tgz', () => {
  it('runs what `npm pack` made of a built adapter, as the host would install it', async () => {
    const folder = await builtEnricher()
    const packed = await runCommand('npm', ['pack', '--pack-destination', folder, '--json', '--silent'], folder)
    const tarball = join(folder, (JSON.parse(packed.stdout) as Array<{ filename: string }>)[0]!.filename)
    expect(tarball).toMatch(/my-enricher-0\.1\.0\.tgz$/)
    const { code, stdout } = await runAether(['adapter', 'test', tarball, '--json'], folder)
    expect(JSON.parse(stdout)).toMatchObject({ outcome: 'ok', name: 'my-enricher', kind: 'enricher', logs: ['enriching 6 signals for demo'] })
    expect(code).toBe(0)
  })

  it('exit 2, saying to pack again, when the file is not a whole tarball', async () => {
    const folder = await builtEnricher()
    const tarball = join(folder, 'my-enricher-0.1.0.tgz')
    await writeFile(tarball, 'not gzip')
    const { code, stderr } = await runAether(['adapter', 'test', tarball], folder)
    expect(stderr).toContain(`error AETHER_E_SANDBOX_TARBALL_CORRUPT: Adapter tarball ${tarball} is not a whole .tgz`)
    expect(stderr).toContain('Pack the adapter again')
    expect(code).toBe(2)
  })
})

describe('aether adapter init of every kind', () => {
  // The enricher's own test runs in the first test above.
  it.each(adapterKindNames.filter((kind) => kind !== 'enricher'))('scaffolds a %s that builds and passes its own test in the real sandbox', async (kind) => {
    const { folder } = await scaffoldAdapter(kind, `my-${kind}`, await temporaryDirectory('aether-kinds-'))
    await buildAdapter(folder)
    const ownTest = await runCommand(process.execPath, ['--test', 'test/'], folder, { PATH: `${repositoryBin}${delimiter}${process.env.PATH ?? ''}` })
    expect(ownTest.stdout).toContain('# pass 1')
    expect(ownTest.code).toBe(0)
  })
})
