import { gzipSync } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { tarball } from '../../test/tarball.js'
import { inspectTarball, TarballEntryProblem } from './inspect-tarball.js'

const packageJson = { header: { name: 'package/package.json' }, content: '{"name":"x","version":"1.0.0"}' }
const wantsPackageJson = (entry: string) => entry === 'package/package.json'

async function problemOf(archive: Buffer, limits?: { maxBytes: number; maxEntries: number }): Promise<{ entry: string; message: string }> {
  const error = await inspectTarball(archive, () => false, undefined, limits).then(() => undefined, (e: unknown) => e)
  expect(error).toBeInstanceOf(TarballEntryProblem)
  return { entry: (error as TarballEntryProblem).entry, message: (error as TarballEntryProblem).message }
}

describe('inspectTarball (tar-stream, nothing written to disk)', () => {
  it('lists an npm pack tarball and returns the files asked for', async () => {
    const archive = await tarball([{ header: { name: 'package', type: 'directory' } }, packageJson, { header: { name: 'package/dist/a.js' }, content: 'export {}' }])
    const files = await inspectTarball(archive, wantsPackageJson)
    expect([...files.keys()]).toEqual(['package/package.json'])
    expect(files.get('package/package.json')?.toString()).toBe(packageJson.content)
  })

  it('refuses a symbolic link, naming the entry and its target', async () => {
    expect(await problemOf(await tarball([packageJson, { header: { name: 'package/passwd', type: 'symlink', linkname: '/etc/passwd' } }])))
      .toEqual({ entry: 'package/passwd', message: 'is a symbolic link (to "/etc/passwd")' })
  })

  it('refuses a hard link', async () => {
    expect(await problemOf(await tarball([packageJson, { header: { name: 'package/again', type: 'link', linkname: 'package/package.json' } }])))
      .toEqual({ entry: 'package/again', message: 'is a hard link (to "package/package.json")' })
  })

  it('refuses a path that leads out of the package', async () => {
    expect(await problemOf(await tarball([packageJson, { header: { name: 'package/../../.bashrc' }, content: 'x' }])))
      .toEqual({ entry: 'package/../../.bashrc', message: 'has a path that leads out of the package (a ".." segment)' })
  })

  it('refuses absolute and Windows paths', async () => {
    expect((await problemOf(await tarball([{ header: { name: '/etc/cron.d/x' }, content: 'x' }]))).message).toBe('has an absolute path')
    expect((await problemOf(await tarball([{ header: { name: 'C:/Windows/x' }, content: 'x' }]))).message).toBe('has an absolute path')
    expect((await problemOf(await tarball([{ header: { name: 'package\\..\\x' }, content: 'x' }]))).message).toBe('has a backslash in its path (a Windows path)')
  })

  it('refuses a device or fifo', async () => {
    expect((await problemOf(await tarball([{ header: { name: 'package/null', type: 'character-device', devmajor: 1, devminor: 3 } }]))).message)
      .toBe('is a character-device, not a plain file or folder')
    expect((await problemOf(await tarball([{ header: { name: 'package/pipe', type: 'fifo' } }]))).message).toBe('is a fifo, not a plain file or folder')
  })

  it('stops reading an archive that unpacks to more than the limit (a gzip bomb)', async () => {
    const archive = await tarball([{ header: { name: 'package/zeros' }, content: Buffer.alloc(2 * 1024 * 1024) }])
    expect(archive.length).toBeLessThan(10_000)
    expect(await problemOf(archive, { maxBytes: 1024 * 1024, maxEntries: 10 })).toEqual({ entry: '(archive)', message: 'unpacks to more than the 1048576 bytes this registry accepts' })
  })

  it('refuses more entries than the limit', async () => {
    const archive = await tarball(Array.from({ length: 4 }, (_, i) => ({ header: { name: `package/${i}.js` }, content: '' })))
    expect(await problemOf(archive, { maxBytes: 1024 * 1024, maxEntries: 3 })).toEqual({ entry: 'package/3.js', message: 'is past the 3 entries this registry accepts' })
  })

  it('says so when the bytes are not a gzipped tar archive', async () => {
    await expect(inspectTarball(Buffer.from('plain text'), () => false)).rejects.toThrow(/not a gzipped tar archive/)
    await expect(inspectTarball(gzipSync(Buffer.alloc(700, 7)), () => false)).rejects.toThrow()
  })
})
