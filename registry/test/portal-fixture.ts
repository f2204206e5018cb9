import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import { startRegistry, type RunningRegistry, type Submission } from '../src/index.js'
import { certifiableEnricher, clockStampedEnricher, writeAdapterPackage, writePlainPackage } from './adapter-package.js'
import { npmClient } from './npm-cli.js'

/** What a hostile author may put in a package's description, keywords and README. */
export const hostile = {
  description: 'Totally safe <script>window.__pwned = 1</script><img src=x onerror="window.__pwned = 2">',
  keyword: '<svg onload=alert(1)>',
  readme: [
    '# Hostile <b>readme</b>',
    '',
    '<script>window.__pwned = 3</script>',
    '',
    'A [link](javascript:window.__pwned=4) and a [real one](https://example.com/docs?a=1&b="2").',
    '',
    '```',
    '</code></pre><script>window.__pwned = 5</script>',
    '```',
  ].join('\n'),
}

/** One package of the portal's fixture set. */
interface Spec {
  name: string
  version: string
  bundle?: URL
  engine?: string
  capabilities?: string[]
  description: string
  keywords?: string[]
  readme?: string
}

// A small marketplace: an adapter whose second version asks for a capability and also runs on
// the next kernel, a rejected adapter, plain npm packages (one under the same scope) and a hostile
// one. Three conformance runs in all, the most of the fixture's time.
const specs: Spec[][] = [
  [
    { name: '@acme/capacity-enricher', version: '1.0.0', bundle: certifiableEnricher, description: 'Scores capacity news', keywords: ['capacity', 'cloud'], readme: '# Capacity enricher\n\nScores **capacity** words in signals.\n\n- deterministic\n- no capabilities\n\nRun `aether plugin add @acme/capacity-enricher`.' },
    { name: '@acme/capacity-enricher', version: '1.1.0', bundle: certifiableEnricher, engine: '^0.1.0 || ^0.2.0', capabilities: ['kv'], description: 'Scores capacity and quota news, remembering scores', keywords: ['capacity', 'cloud'], readme: '# Capacity enricher\n\nScores **capacity** and quota words in signals (stockouts too).\n\n- deterministic\n- keeps scores in kv\n\nRun `aether plugin add @acme/capacity-enricher`.' },
  ],
  [{ name: '@acme/enricher-notes', version: '0.3.0', description: 'Notes on writing enrichers', keywords: ['docs'] }],
  [{ name: '@umbra/clock-stamped-enricher', version: '1.0.0', bundle: clockStampedEnricher, description: 'Scores stamped with the time (rejected: not deterministic)' }],
  [{ name: 'string-helpers', version: '1.0.0', description: 'Plain helpers for strings', keywords: ['strings'], readme: 'Helpers. Mentions zanzibar only here.' }],
  [{ name: '@evil/hostile-package', version: '1.0.0', description: hostile.description, keywords: [hostile.keyword], readme: hostile.readme }],
]

/** The registry with the fixture set published by the real npm CLI and every adapter judged. */
export interface PortalFixture {
  running: RunningRegistry
  url: string
  close(): Promise<void>
}

/** Starts a registry on PGlite, publishes the set with npm (one package after another per name) and waits for every verdict. */
export async function portalFixture(): Promise<PortalFixture> {
  const root = await mkdtemp(join(tmpdir(), 'aether-portal-test-'))
  const running = await startRegistry({ dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), worker: { pollMs: 100 } })
  try {
    const npm = await npmClient(running.url, await running.registry.tokens.create('portal-test'))
    let folders = 0
    await Promise.all(specs.map(async (versions) => {
      for (const spec of versions) {
        const folder = await writePackage(join(root, `package-${++folders}`), spec)
        const outcome = await npm.run(['publish', '--access', 'public'], folder)
        if (outcome.code !== 0) throw new Error(`npm publish ${spec.name}@${spec.version} failed: ${outcome.stderr}`)
      }
    }))
    for (const spec of specs.flat().filter((one) => one.bundle !== undefined)) await decided(running, spec.name, spec.version)
  } catch (error) {
    await running.stop()
    throw error
  }
  return { running, url: running.url, close: async () => { await running.stop(); await rm(root, { recursive: true, force: true }) } }
}

async function writePackage(folder: string, spec: Spec): Promise<string> {
  if (spec.bundle === undefined) await writePlainPackage(folder, spec)
  else await writeAdapterPackage(folder, { name: spec.name, version: spec.version, bundle: spec.bundle })
  const edit = async (file: string, change: (json: Record<string, unknown>) => void) => {
    const json = JSON.parse(await readFile(join(folder, file), 'utf8')) as Record<string, unknown>
    change(json)
    await writeFile(join(folder, file), JSON.stringify(json, null, 2))
  }
  await edit('package.json', (json) => {
    json.description = spec.description
    if (spec.keywords !== undefined) json.keywords = spec.keywords
  })
  if (spec.bundle !== undefined) {
    await edit('aether-adapter.json', (json) => {
      if (spec.engine !== undefined) json.engine = spec.engine
      if (spec.capabilities !== undefined) json.capabilities = spec.capabilities
    })
  }
  if (spec.readme !== undefined) await writeFile(join(folder, 'README.md'), spec.readme)
  return folder
}

async function decided(running: RunningRegistry, name: string, version: string): Promise<Submission> {
  const deadline = Date.now() + 60_000
  for (;;) {
    const submission = await running.registry.submissions.ofVersion(name, version)
    if (submission !== undefined && submission.state !== 'submitted' && submission.state !== 'testing') return submission
    if (Date.now() > deadline) throw new Error(`${name}@${version} was not decided in 60 s (state ${submission?.state})`)
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
}
