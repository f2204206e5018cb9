import { appendFile, cp, mkdir, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { temporaryDirectories } from '@aether/core/testing'
import { describe, expect, it } from 'vitest'
import { adapterInstaller } from '../test/install-adapter.js'
import { packFolder, tarFrom } from '../test/pack-adapter.js'
import { readAdapter } from './read-adapter.js'

const install = adapterInstaller()
const temporaryDirectory = temporaryDirectories()
const maxima = { timeoutMs: 1_000, memoryMb: 64, maxOutputBytes: 1_000_000, cpuMsPerDay: 60_000 }

/** An installed test adapter as a folder ready to pack: `<root>/package/`. */
async function packageFolder(): Promise<{ root: string; folder: string }> {
  const root = await temporaryDirectory('aether-tgz-')
  const folder = join(root, 'package')
  await cp(await install('well-behaved'), folder, { recursive: true })
  return { root, folder }
}

describe('readAdapter of a .tgz', () => {
  it('reads the same manifest and bundle as from the folder it was packed from', async () => {
    const folder = await install('well-behaved')
    const tarball = await packFolder(folder, await temporaryDirectory('aether-tgz-'))
    const fromFolder = await readAdapter(folder, maxima)
    const fromTarball = await readAdapter(tarball, maxima)
    expect(fromTarball).toMatchObject({ path: tarball, manifest: fromFolder.manifest, source: fromFolder.source, packageName: 'aether-adapter-well-behaved' })
    expect(fromTarball.bundleFile).toBe(`adapter.js in ${tarball}`)
  })

  it('reads a .tar.gz too', async () => {
    const tarball = await packFolder(await install('well-behaved'), await temporaryDirectory('aether-tgz-'), 'adapter.tar.gz')
    expect((await readAdapter(tarball, maxima)).manifest.name).toBe('well-behaved')
  })

  it('refuses a tarball whose bundle changed after its hash was recorded, naming the file in the tarball', async () => {
    const { root, folder } = await packageFolder()
    await appendFile(join(folder, 'adapter.js'), '\n// changed')
    const tarball = await tarFrom(root, join(root, 'tampered.tgz'), ['package'])
    await expect(readAdapter(tarball, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_BUNDLE_MISMATCH', message: expect.stringContaining(`Adapter bundle adapter.js in ${tarball} has sha512`),
    })
  })

  it('refuses a malformed manifest inside a tarball as it does in a folder, naming the file and the field', async () => {
    const { root, folder } = await packageFolder()
    const manifest = JSON.parse(await readFile(join(folder, 'aether-adapter.json'), 'utf8'))
    await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({ ...manifest, limits: { ...manifest.limits, timeoutMs: 'soon' } }))
    const tarball = await tarFrom(root, join(root, 'malformed.tgz'), ['package'])
    await expect(readAdapter(tarball, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_MANIFEST_INVALID', message: expect.stringContaining(`Adapter manifest aether-adapter.json in ${tarball} is invalid at limits.timeoutMs`),
    })
  })

  it('refuses a tarball holding a symbolic link, naming the entry', async () => {
    const { root, folder } = await packageFolder()
    await symlink('/etc/passwd', join(folder, 'secrets.txt'))
    const tarball = await tarFrom(root, join(root, 'symlink.tgz'), ['package'])
    await expect(readAdapter(tarball, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_TARBALL_UNSAFE', message: expect.stringContaining(`Adapter tarball ${tarball} is refused whole: it holds "package/secrets.txt", which is a link.`),
    })
  })

  it('refuses a tarball with an entry whose path leaves the package', async () => {
    const { root } = await packageFolder()
    await writeFile(join(root, 'escape.js'), 'globalThis.adapter = {}')
    const tarball = await tarFrom(root, join(root, 'traversal.tgz'), ['package', 'package/../escape.js'])
    await expect(readAdapter(tarball, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_TARBALL_UNSAFE', message: expect.stringContaining('it holds "package/../escape.js", whose path leaves the archive (..)'),
    })
  })

  it('says a file that is not a gzip tarball, or one cut short, is not a whole .tgz and to pack it again', async () => {
    const root = await temporaryDirectory('aether-tgz-')
    const notGzip = join(root, 'not-gzip.tgz')
    await writeFile(notGzip, '{"name":"not a tarball"}')
    await expect(readAdapter(notGzip, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_TARBALL_CORRUPT', message: expect.stringMatching(/is not a whole \.tgz: it does not decompress .*Pack the adapter again/),
    })
    const whole = await readFile(await packFolder(await install('well-behaved'), root))
    const cut = join(root, 'cut.tgz')
    await writeFile(cut, whole.subarray(0, Math.floor(whole.length / 2)))
    await expect(readAdapter(cut, maxima)).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_TARBALL_CORRUPT' })
  })

  it('refuses a tarball without a manifest, naming the missing file', async () => {
    const { root, folder } = await packageFolder()
    await rm(join(folder, 'aether-adapter.json'))
    const tarball = await tarFrom(root, join(root, 'no-manifest.tgz'), ['package'])
    await expect(readAdapter(tarball, maxima)).rejects.toMatchObject({
      code: 'AETHER_E_SANDBOX_ADAPTER_UNREADABLE', message: expect.stringContaining(`Adapter file aether-adapter.json in ${tarball} could not be read: the tarball holds no such file`),
    })
  })

  it('refuses a tarball path that does not exist, naming the tarball itself', async () => {
    const missing = join(await temporaryDirectory('aether-tgz-'), 'missing-1.0.0.tgz')
    await expect(readAdapter(missing, maxima)).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_ADAPTER_UNREADABLE', message: expect.stringContaining(`Adapter file ${missing} could not be read: ENOENT`) })
  })

  it('refuses a bundle entry that names a folder of the tarball', async () => {
    const { root, folder } = await packageFolder()
    await mkdir(join(folder, 'dist'))
    await writeFile(join(folder, 'dist', 'other.js'), '')
    const manifest = JSON.parse(await readFile(join(folder, 'aether-adapter.json'), 'utf8'))
    await writeFile(join(folder, 'aether-adapter.json'), JSON.stringify({ ...manifest, entry: 'dist' }))
    const tarball = await tarFrom(root, join(root, 'folder-entry.tgz'), ['package'])
    await expect(readAdapter(tarball, maxima)).rejects.toMatchObject({ code: 'AETHER_E_SANDBOX_ADAPTER_UNREADABLE', message: expect.stringContaining(`dist in ${tarball}`) })
  })
})
