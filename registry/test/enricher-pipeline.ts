import { copyFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

const incidents = new URL('data/gcp-incidents-4.json', import.meta.url)

/**
 * Writes into the operator's project `dir` a pipeline file whose enricher is the sandboxed
 * adapter installed in `adapterFolder` (relative to `dir`, as `aether plugin add` puts it), over
 * four vendored GCP incidents and with PGlite storage in `dir`/.aether/pglite; returns its path.
 */
export async function writeEnricherPipeline(dir: string, spec: { tenant: string; adapterFolder: string; enricher: string }): Promise<string> {
  await copyFile(incidents, join(dir, 'incidents.json'))
  const file = join(dir, 'pipeline.json')
  await writeFile(file, JSON.stringify({
    tenant: spec.tenant,
    log: { level: 'warn' },
    plugins: [
      // Storage first: the sandbox host writes its usage.v1 records there on stop.
      { use: '@aether/plugin-storage-pglite', config: { dataDir: '.aether/pglite' } },
      { use: '@aether/plugin-sources', config: { replays: [{ name: 'incidents', inputs: [{ format: 'gcp-incidents', path: 'incidents.json' }] }] } },
      { use: '@aether/plugin-validator' },
      { use: '@aether/plugin-sandbox-host', config: { adapters: [{ path: spec.adapterFolder }], poolSize: 1 } },
    ],
    pipeline: { sources: ['incidents'], validator: 'contract', enricher: spec.enricher },
  }, null, 2))
  return file
}
