import { mkdir, readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { temporaryDirectories } from '@aether/core/testing'
import { describe, expect, it } from 'vitest'
import { scaffoldAdapter } from './scaffold-adapter.js'

const temporaryDirectory = temporaryDirectories()

describe('scaffoldAdapter', () => {
  it('refuses a kind that is not an extension point, listing the kinds', async () => {
    await expect(scaffoldAdapter('sorcerer', 'x', await temporaryDirectory('aether-init-')))
      .rejects.toThrow('"sorcerer" is not an adapter kind; use one of enricher, validator, forecaster, policy, source.')
  })

  it('refuses a name a pipeline could not refer to', async () => {
    await expect(scaffoldAdapter('enricher', 'My Enricher', await temporaryDirectory('aether-init-'))).rejects.toMatchObject({ code: 'AETHER_E_ADAPTER_NAME_INVALID' })
  })

  it('never writes into a folder that has files', async () => {
    const parent = await temporaryDirectory('aether-init-')
    await mkdir(join(parent, 'taken'))
    await writeFile(join(parent, 'taken', 'notes.txt'), 'mine')
    await expect(scaffoldAdapter('enricher', 'taken', parent)).rejects.toThrow(/exists and is not empty/)
  })

  it('writes a package npm publishes with its bundle and manifest, not a private one', async () => {
    const parent = await temporaryDirectory('aether-init-')
    await scaffoldAdapter('enricher', 'my-enricher', parent)
    const pkg = JSON.parse(await readFile(join(parent, 'my-enricher', 'package.json'), 'utf8')) as Record<string, unknown>
    expect(pkg.private).toBeUndefined()
    expect(pkg.files).toEqual(['dist/adapter.js', 'aether-adapter.json'])
  })
})
