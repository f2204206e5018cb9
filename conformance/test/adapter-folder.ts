import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { adapterContracts, type AdapterKind } from '@aether/plugin-sandbox-host'
import { afterAll } from 'vitest'

/** Limits of the test adapters: room for a load run on a busy machine, little else. */
export const testLimits = { timeoutMs: 2_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 }

/** What to write: a bundle file (path or source) and manifest fields over the kind's defaults. */
export interface AdapterSpec {
  bundle: URL | string
  kind: AdapterKind
  manifest?: Record<string, unknown>
  /** Further files by path in the folder (a recorded traffic file, say): a path or the text. */
  files?: Record<string, URL | string>
  /** Runs after the folder is written, to damage it (a package check's broken adapter). */
  damage?(folder: string): Promise<void>
}

/**
 * Writes adapter folders in the adapter format into one temporary folder per test file (removed
 * at its end): package.json, aether-adapter.json with the bundle's real sha512, and the bundle.
 */
export function adapterFolders(): (name: string, spec: AdapterSpec) => Promise<string> {
  let root: Promise<string> | undefined
  afterAll(async () => { if (root !== undefined) await rm(await root, { recursive: true, force: true }) })
  return async (name, spec) => {
    root ??= mkdtemp(join(tmpdir(), 'aether-conformance-test-'))
    const folder = join(await root, name)
    await mkdir(folder, { recursive: true })
    const source = spec.bundle instanceof URL ? await readFile(spec.bundle) : Buffer.from(spec.bundle)
    await writeFile(join(folder, 'adapter.js'), source)
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: `aether-adapter-${name}`, version: '1.0.0' }))
    const contracts = adapterContracts[spec.kind]
    await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({
      kind: spec.kind, name, version: '1.0.0', engine: '^0.1.0', entry: 'adapter.js', capabilities: [],
      limits: testLimits, input: contracts.input, output: spec.kind === 'source' ? 'telemetry.v1' : contracts.outputs[0],
      sha512: createHash('sha512').update(source).digest('hex'),
      ...spec.manifest,
    }, null, 2))
    for (const [path, content] of Object.entries(spec.files ?? {})) {
      await mkdir(dirname(join(folder, path)), { recursive: true })
      await writeFile(join(folder, path), content instanceof URL ? await readFile(content) : content)
    }
    await spec.damage?.(folder)
    return folder
  }
}

/** The test adapter of each kind, test/adapters/<kind>.js. */
export const goodAdapter = (kind: AdapterKind): AdapterSpec => ({ bundle: new URL(`./adapters/${kind}.js`, import.meta.url), kind })
