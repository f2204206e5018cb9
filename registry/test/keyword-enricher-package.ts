import { copyFile, mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const example = new URL('../../adapters/keyword-enricher/', import.meta.url)

/**
 * The example adapter adapters/keyword-enricher, as built, made publishable under `name` at
 * `version` (the workspace copy is private): its bundle and manifest, the manifest's version set
 * to the npm version and its capabilities to `capabilities` (the bundle, and so its sha512, unchanged).
 */
export async function writeKeywordEnricherPackage(folder: string, spec: { name: string; version: string; capabilities?: string[] }): Promise<string> {
  await mkdir(join(folder, 'dist'), { recursive: true })
  await copyFile(new URL('dist/adapter.js', example), join(folder, 'dist', 'adapter.js'))
  const manifest = JSON.parse(await readFile(new URL('aether-adapter.json', example), 'utf8')) as Record<string, unknown>
  await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({ ...manifest, version: spec.version, capabilities: spec.capabilities ?? [] }, null, 2))
  await writeFile(join(folder, 'package.json'), JSON.stringify({
    name: spec.name, version: spec.version, description: 'the keyword enricher example adapter', license: 'Apache-2.0', files: ['aether-adapter.json', 'dist'],
  }, null, 2))
  return folder
}
