import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { recordId, type Logger, type SignalV1, type StageContext } from '@aether/plugin-api'
import { afterAll } from 'vitest'
import { adapterContracts, type AdapterKind } from '../src/adapter-manifest.js'

const adaptersDir = new URL('./adapters/', import.meta.url)

/** Limits short enough to keep the hostile tests quick (docs: CI budget). */
export const testLimits = { timeoutMs: 400, memoryMb: 32, maxOutputBytes: 64 * 1024 }

/**
 * Installs test/adapters/<bundle>.js as an adapter folder in a temporary directory, with a
 * manifest that records the bundle's real sha512; `manifest` overrides any field (an enricher
 * unless `manifest.kind` says otherwise, with that kind's contracts). Folders go when the test
 * file ends.
 */
export function adapterInstaller(): (bundle: string, manifest?: Record<string, unknown>) => Promise<string> {
  let root: Promise<string> | undefined
  afterAll(async () => { if (root !== undefined) await rm(await root, { recursive: true, force: true }) })
  return async (bundle, manifest = {}) => {
    root ??= mkdtemp(join(tmpdir(), 'aether-adapters-'))
    const folder = join(await root, `${bundle}-${Math.random().toString(36).slice(2, 8)}`)
    await mkdir(folder)
    const source = await readFile(new URL(`${bundle}.js`, adaptersDir))
    await writeFile(join(folder, 'adapter.js'), source)
    await writeFile(join(folder, 'package.json'), JSON.stringify({ name: `aether-adapter-${bundle}`, version: '1.0.0' }))
    // The kind's own contracts unless told otherwise (a source: its first output contract, signal.v1).
    const kind = (manifest.kind ?? 'enricher') as AdapterKind
    const contracts = adapterContracts[kind] as (typeof adapterContracts)[AdapterKind] | undefined
    await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({
      kind, name: bundle, version: '1.0.0', engine: '^0.1.0', entry: 'adapter.js', capabilities: [],
      limits: testLimits, input: contracts?.input ?? 'signal.v1', output: contracts?.outputs[0] ?? 'enrichment.v1',
      sha512: createHash('sha512').update(source).digest('hex'),
      ...manifest,
    }))
    return folder
  }
}

/** A valid signal of `tenant`. */
export function signal(index: number, tenant = 'lab', summary = 'Compute Engine capacity shortage'): SignalV1 {
  const header = { tenant, contract: 'signal.v1' as const, source: 'test', sourceEventId: `incident/${index}` }
  return { ...header, id: recordId(header), timestamp: '2023-04-30T00:00:00.000Z', region: 'us-east1', severity: 'high', summary }
}

/** A logger that keeps what it was given, for tests to read. */
export function recordingLogger(): Logger & { lines: Array<Record<string, unknown>> } {
  const lines: Array<Record<string, unknown>> = []
  const method = (fields: object | string, message?: string) => {
    lines.push(typeof fields === 'string' ? { msg: fields } : { ...fields, msg: message })
  }
  const logger = { trace: method, debug: method, info: method, warn: method, error: method, fatal: method, child: () => logger, lines }
  return logger
}

/** A stage context for calling an implementation directly. */
export function stageContext(tenant = 'lab', logger: Logger = recordingLogger()): StageContext {
  return { tenant, signal: new AbortController().signal, logger, traceId: 'test-trace' }
}
