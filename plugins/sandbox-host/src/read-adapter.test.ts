import { appendFile, rm } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { adapterInstaller } from '../test/install-adapter.js'
import { readAdapter } from './read-adapter.js'

const install = adapterInstaller()
const maxima = { timeoutMs: 1_000, memoryMb: 64, maxOutputBytes: 1_000_000, cpuMsPerDay: 60_000 }

describe('readAdapter', () => {
  it('reads an adapter folder whose manifest and bundle hash check out', async () => {
    const adapter = await readAdapter(await install('well-behaved'), maxima)
    expect(adapter.manifest).toMatchObject({ kind: 'enricher', name: 'well-behaved' })
    expect(adapter.source).toContain('globalThis.adapter')
  })

  it('refuses a bundle changed after its hash was recorded, naming the file', async () => {
    const folder = await install('well-behaved')
    await appendFile(join(folder, 'adapter.js'), '\n// changed')
    await expect(readAdapter(folder, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_BUNDLE_MISMATCH', message: expect.stringContaining(join(folder, 'adapter.js')),
    })
  })

  it('refuses a malformed manifest, naming the file and the field', async () => {
    const folder = await install('well-behaved', { limits: { timeoutMs: 'soon', memoryMb: 32, maxOutputBytes: 10 } })
    await expect(readAdapter(folder, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_MANIFEST_INVALID',
      message: expect.stringContaining(`Adapter manifest ${join(folder, 'aether-adapter.json')} is invalid at limits.timeoutMs: Expected integer`),
    })
  })

  it('refuses a manifest with a field the format does not have', async () => {
    await expect(readAdapter(await install('well-behaved', { permissions: 'all' }), maxima)).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_MANIFEST_INVALID' })
  })

  it('reads the capabilities its manifest requests, and refuses unknown or malformed ones', async () => {
    const adapter = await readAdapter(await install('well-behaved', { capabilities: ['fetch:api.example.com', 'fetch:127.0.0.1:8080', 'kv'] }), maxima)
    expect(adapter.requested).toEqual({ fetch: [{ host: 'api.example.com', port: undefined }, { host: '127.0.0.1', port: 8080 }], kv: true })
    await expect(readAdapter(await install('well-behaved', { capabilities: ['fetch'] }), maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_CAPABILITIES_UNSUPPORTED', message: expect.stringContaining('"fetch", which do not exist'),
    })
    await expect(readAdapter(await install('well-behaved', { capabilities: ['kv', 'fetch:https://api.example.com/'] }), maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_MANIFEST_INVALID', message: expect.stringContaining('invalid at capabilities.1'),
    })
  })

  it('refuses a limit above the operator maximum, naming it', async () => {
    await expect(readAdapter(await install('well-behaved', { limits: { timeoutMs: 400, memoryMb: 512, maxOutputBytes: 10 } }), maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_LIMIT_ABOVE_MAXIMUM', message: expect.stringContaining('sets limits.memoryMb to 512, above the operator maximum 64'),
    })
    await expect(readAdapter(await install('well-behaved', { limits: { timeoutMs: 400, memoryMb: 32, maxOutputBytes: 10, cpuMsPerDay: 60_001 } }), maxima)).rejects.toMatchObject({
      message: expect.stringContaining('sets limits.cpuMsPerDay to 60001, above the operator maximum 60000'),
    })
  })

  it('reads an adapter of each kind with its own contracts', async () => {
    for (const [kind, bundle] of [['validator', 'validator-well-behaved'], ['forecaster', 'forecaster-well-behaved'], ['policy', 'policy-well-behaved'], ['source', 'source-well-behaved']] as const) {
      expect((await readAdapter(await install(bundle, { kind }), maxima)).manifest.kind).toBe(kind)
    }
    expect((await readAdapter(await install('source-well-behaved', { kind: 'source', output: 'signal.v1' }), maxima)).manifest.output).toBe('signal.v1')
  })

  it('refuses contracts the kind does not read or return, naming what it does', async () => {
    await expect(readAdapter(await install('well-behaved', { output: 'forecast.v1' }), maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_MANIFEST_INVALID', message: expect.stringContaining('invalid at output: an enricher returns "enrichment.v1", not "forecast.v1"'),
    })
    await expect(readAdapter(await install('forecaster-well-behaved', { kind: 'forecaster', input: 'signal.v1' }), maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_MANIFEST_INVALID', message: expect.stringContaining('invalid at input: a forecaster reads "forecast-input.v1"'),
    })
    await expect(readAdapter(await install('source-wrong-contract', { kind: 'source', output: 'decision.v1' }), maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_MANIFEST_INVALID', message: expect.stringContaining('a source returns "signal.v1" or "telemetry.v1", not "decision.v1"'),
    })
  })

  it('refuses an entry outside the adapter folder', async () => {
    await expect(readAdapter(await install('well-behaved', { entry: '../adapter.js' }), maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_MANIFEST_INVALID', message: expect.stringContaining('invalid at entry'),
    })
  })

  it('refuses a folder without package.json', async () => {
    const folder = await install('well-behaved')
    await rm(join(folder, 'package.json'))
    await expect(readAdapter(folder, maxima)).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_ADAPTER_UNREADABLE', message: expect.stringContaining('package.json') })
  })
})
