import { createHash } from 'node:crypto'
import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

/** The test adapters' bundles. */
export const certifiableEnricher = new URL('./adapters/certifiable-enricher.js', import.meta.url)
export const clockStampedEnricher = new URL('./adapters/clock-stamped-enricher.js', import.meta.url)

/**
 * Writes an npm package that is an Aether enricher adapter into `folder`: package.json (publishable:
 * not private, the files listed), aether-adapter.json with the bundle's real sha512, the bundle.
 */
export async function writeAdapterPackage(folder: string, spec: { name: string; version: string; bundle: URL; manifestVersion?: string }): Promise<string> {
  await mkdir(join(folder, 'dist'), { recursive: true })
  const bundle = await readFile(spec.bundle)
  await writeFile(join(folder, 'dist', 'adapter.js'), bundle)
  await writeFile(join(folder, 'package.json'), JSON.stringify({
    name: spec.name, version: spec.version, description: 'a test adapter', license: 'Apache-2.0', files: ['aether-adapter.json', 'dist'],
  }, null, 2))
  await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({
    kind: 'enricher', name: spec.name.replace(/^@[^/]+\//, ''), version: spec.manifestVersion ?? spec.version, engine: '^0.1.0', entry: 'dist/adapter.js',
    capabilities: [], limits: { timeoutMs: 2_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 },
    input: 'signal.v1', output: 'enrichment.v1', sha512: createHash('sha512').update(bundle).digest('hex'),
  }, null, 2))
  return folder
}

/** A plain npm package (no adapter manifest) in `folder`. */
export async function writePlainPackage(folder: string, spec: { name: string; version: string }): Promise<string> {
  await mkdir(folder, { recursive: true })
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: spec.name, version: spec.version, description: 'a plain package', license: 'Apache-2.0', main: 'index.js' }, null, 2))
  await writeFile(join(folder, 'index.js'), `export const version = ${JSON.stringify(spec.version)}\n`)
  return folder
}
