import { rm, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { type AdapterSpec, goodAdapter } from '../adapter-folder.js'

const bundle = (file: string) => new URL(`./${file}`, import.meta.url)

/**
 * One deliberately broken adapter per check, by the check it must fail (and no other). The
 * package ones are the well-behaved enricher with one thing wrong in its package; the others are
 * enrichers whose bundle does one thing wrong (each file's first comment says what).
 */
export const brokenAdapters: Record<string, AdapterSpec> = {
  'package.manifest': { ...goodAdapter('enricher'), manifest: { name: 'Not A Valid Name!' } },
  'package.engine': { ...goodAdapter('enricher'), manifest: { engine: '^9.0.0' } },
  'package.entry': { ...goodAdapter('enricher'), damage: (folder) => rm(join(folder, 'adapter.js')) },
  'package.sha512': { ...goodAdapter('enricher'), damage: (folder) => writeFile(join(folder, 'adapter.js'), '// changed after the build\nglobalThis.adapter = { name: "x", process: (r) => r }\n') },
  'package.maxima': { ...goodAdapter('enricher'), manifest: { limits: { timeoutMs: 60_000, memoryMb: 64, maxOutputBytes: 1024 * 1024 } } },
  'contract.golden': { kind: 'enricher', bundle: bundle('wrong-shape.js') },
  determinism: { kind: 'enricher', bundle: bundle('reads-intl-clock.js') },
  idempotency: { kind: 'enricher', bundle: bundle('refuses-replays.js'), manifest: { capabilities: ['kv'] } },
  'bad-input': { kind: 'enricher', bundle: bundle('accepts-anything.js') },
  isolation: {
    kind: 'enricher', bundle: bundle('shared-counter.js'), manifest: { capabilities: ['fetch:counter.example'] },
    files: { 'conformance/recorded-fetch.json': bundle('shared-counter.recorded-fetch.json') },
  },
  // ~1 ms per record: the golden batch (161 signals) fits in 600 ms on a busy machine, the load profile (1,000) does not.
  limits: { kind: 'enricher', bundle: bundle('slow-per-record.js'), manifest: { limits: { timeoutMs: 600, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 } } },
  performance: { kind: 'enricher', bundle: bundle('slow-per-record.js'), manifest: { limits: { timeoutMs: 4_000, memoryMb: 64, maxOutputBytes: 4 * 1024 * 1024 } } },
  capabilities: { kind: 'enricher', bundle: bundle('undeclared-kv.js') },
}
