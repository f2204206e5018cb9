import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { temporaryDirectories } from '@aether/core/testing'
import { describe, expect, it } from 'vitest'
import { bundleAdapter } from './build-adapter.js'

const temporaryDirectory = temporaryDirectories()

async function adapterFolder(source: string, section: unknown = { kind: 'enricher' }): Promise<string> {
  const folder = await temporaryDirectory('aether-build-')
  await mkdir(join(folder, 'src'))
  await writeFile(join(folder, 'package.json'), JSON.stringify({ name: 'probe', version: '1.0.0', aetherAdapter: section }))
  await writeFile(join(folder, 'src/index.ts'), source)
  return folder
}

describe('bundleAdapter', () => {
  it('makes the default export the global adapter in one script with no import', async () => {
    const folder = await adapterFolder(`import { defineEnricher } from '@aether/adapter-sdk'
export default defineEnricher({ name: 'probe', process: (signals) => signals.map((s) => ({ id: s.id, tenant: s.tenant, error: 'none' })) })
`)
    const { bundle, manifest } = await bundleAdapter(folder)
    const text = Buffer.from(bundle).toString()
    expect(text.startsWith('(() => {')).toBe(true)
    expect(text).toContain('globalThis.adapter = ')
    expect(text).not.toMatch(/^import /m)
    expect(manifest).toMatchObject({ kind: 'enricher', name: 'probe', version: '1.0.0', capabilities: [], input: 'signal.v1', output: 'enrichment.v1' })
  })

  it('refuses a source that imports from Node, which the sandbox does not have', async () => {
    const folder = await adapterFolder(`import { readFileSync } from 'node:fs'\nexport default { name: 'probe', process: () => [readFileSync('/etc/passwd')] }\n`)
    await expect(bundleAdapter(folder)).rejects.toMatchObject({ code: 'AETHER_E_ADAPTER_BUILD_FAILED', message: expect.stringContaining('src/index.ts:1:29: Could not resolve "node:fs"') })
  })

  it('refuses a source with no default export, naming the file', async () => {
    const folder = await adapterFolder(`export const adapter = { name: 'probe', process: () => [] }\n`)
    await expect(bundleAdapter(folder)).rejects.toThrow(/src\/index\.ts.*"default"/)
  })

  it('refuses a package.json without an aetherAdapter kind, saying where to start from', async () => {
    const folder = await adapterFolder('export default {}\n', { kind: 'sorcerer' })
    await expect(bundleAdapter(folder)).rejects.toThrow(/aetherAdapter\.kind .*`aether adapter init`/)
  })
})
