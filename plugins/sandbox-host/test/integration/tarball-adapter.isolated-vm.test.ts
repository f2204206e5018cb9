import { appendFile, symlink, writeFile } from 'node:fs/promises'
import { basename, join } from 'node:path'
import { createKernel, createLogger } from '@aether/core'
import { temporaryDirectories } from '@aether/core/testing'
import { enricherPoint } from '@aether/plugin-api'
import { beforeAll, describe, expect, it } from 'vitest'
import { plugin as sandboxHost } from '../../src/plugin.js'
import { signal, stageContext } from '../install-adapter.js'
import { exampleAdapter, npmPack, tarFrom, unpack } from '../pack-adapter.js'

const temporaryDirectory = temporaryDirectories()
const logger = createLogger({ level: 'silent' })
// The example enricher as its author publishes it: what `npm pack` makes of the committed folder.
let packed: string
beforeAll(async () => { packed = await npmPack(exampleAdapter('keyword-enricher'), await temporaryDirectory('aether-packed-')) }, 60_000)

/** A kernel whose sandbox host installs the adapter at `tarball`, given as a path relative to the configuration's folder. */
function kernelWith(tarball: string) {
  return createKernel({
    logger, baseDir: join(tarball, '..'),
    config: { tenant: 'lab', pipeline: { sources: [], enricher: 'keyword-enricher', forecaster: 'heuristic-baseline', policy: 'hold' } },
    plugins: [{ plugin: sandboxHost, config: { adapters: [{ path: basename(tarball) }], poolSize: 1 } }],
  })
}

async function startWith(tarball: string): Promise<void> {
  const kernel = kernelWith(tarball)
  try {
    await kernel.start()
  } finally {
    await kernel.stop()
  }
}

/** The packed example, unpacked into a fresh folder that holds its `package/`, for a test to change. */
async function unpacked(): Promise<string> {
  const root = await temporaryDirectory('aether-repacked-')
  await unpack(packed, root)
  return root
}

describe('the sandbox host, given an adapter .tgz made by npm pack', () => {
  it('runs the adapter from the tarball in the real sandbox', async () => {
    const kernel = kernelWith(packed)
    try {
      await kernel.start()
      const signals = [signal(1, 'lab', 'Compute Engine stockout in us-central1'), signal(2, 'lab', '...')]
      const results = await kernel.resolve(enricherPoint, 'keyword-enricher').enrichBatch(signals, stageContext('lab'))
      expect(results).toEqual([
        { isOk: true, value: { vNews: { sentiment: 0, volatilityLikelihood: 0.5 }, bCapacity: 0.958, model: 'keyword-enricher@1' } },
        { isOk: false, error: 'the summary has no words to score' },
      ])
    } finally {
      await kernel.stop()
    }
  })

  it('does not start with a tarball whose bundle was changed after npm pack', async () => {
    const root = await unpacked()
    await appendFile(join(root, 'package', 'dist', 'adapter.js'), '\nglobalThis.adapter.process = (signals) => signals\n')
    const tampered = await tarFrom(root, join(root, 'tampered-1.0.0.tgz'), ['package'])
    await expect(startWith(tampered)).rejects.toMatchObject({
      code: 'AETHER_E_PLUGIN_REGISTER',
      cause: { code: 'AETHER_E_SANDBOX_BUNDLE_MISMATCH', message: expect.stringContaining(`Adapter bundle dist/adapter.js in ${tampered} has sha512`) },
    })
  })

  it('does not start with a tarball that lacks package.json, naming the file it looked for', async () => {
    const root = await unpacked()
    const incomplete = await tarFrom(root, join(root, 'incomplete-1.0.0.tgz'), ['package/aether-adapter.json', 'package/dist'])
    await expect(startWith(incomplete)).rejects.toMatchObject({
      cause: { code: 'AETHER_E_SANDBOX_ADAPTER_UNREADABLE', message: expect.stringContaining(`package.json in ${incomplete} could not be read: the tarball holds no such file`) },
    })
  })

  it('does not start with a tarball holding a symbolic link', async () => {
    const root = await unpacked()
    await symlink('/etc/passwd', join(root, 'package', 'dist', 'lexicon.json'))
    const hostile = await tarFrom(root, join(root, 'symlink-1.0.0.tgz'), ['package'])
    await expect(startWith(hostile)).rejects.toMatchObject({
      cause: { code: 'AETHER_E_SANDBOX_TARBALL_UNSAFE', message: expect.stringContaining('it holds "package/dist/lexicon.json", which is a link') },
    })
  })

  it('does not start with a tarball holding an entry that leaves the package (..)', async () => {
    const root = await unpacked()
    await writeFile(join(root, 'authorized_keys'), 'ssh-ed25519 AAAA attacker')
    const hostile = await tarFrom(root, join(root, 'traversal-1.0.0.tgz'), ['package', 'package/../authorized_keys'])
    await expect(startWith(hostile)).rejects.toMatchObject({
      cause: { code: 'AETHER_E_SANDBOX_TARBALL_UNSAFE', message: expect.stringContaining('it holds "package/../authorized_keys", whose path leaves the archive (..)') },
    })
  })
})
