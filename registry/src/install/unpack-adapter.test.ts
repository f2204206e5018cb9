import { createGzip } from 'node:zlib'
import { Readable } from 'node:stream'
import { buffer } from 'node:stream/consumers'
import tar from 'tar-stream'
import { describe, expect, it } from 'vitest'
import { readPackageFiles } from './unpack-adapter.js'

type Entry = { header: tar.Headers; content?: string }

/** A real .tgz written with tar-stream, holding exactly `entries`. */
async function tarball(entries: Entry[]): Promise<Buffer> {
  const pack = tar.pack()
  for (const entry of entries) pack.entry(entry.header, entry.content ?? '')
  pack.finalize()
  return buffer(Readable.from(pack).pipe(createGzip()))
}

const file = (name: string, content = 'x'): Entry => ({ header: { name, type: 'file' }, content })

describe('readPackageFiles', () => {
  it('reads the plain files under package/, without the package/ folder in their paths', async () => {
    const files = await readPackageFiles('a@1.0.0', await tarball([{ header: { name: 'package', type: 'directory' } }, file('package/package.json', '{}'), file('package/dist/adapter.js', 'code')]))
    expect(files.map((entry) => [entry.path, entry.content.toString()])).toEqual([['package.json', '{}'], ['dist/adapter.js', 'code']])
  })

  it.each([
    ['a path leaving the package', file('package/../../etc/passwd'), 'whose path leaves the package (..)'],
    ['an absolute path', file('/etc/passwd'), 'which is an absolute path'],
    ['a symbolic link', { header: { name: 'package/dist/adapter.js', type: 'symlink', linkname: '/etc/passwd' } }, 'which is a link'],
    ['a hard link', { header: { name: 'package/dist/adapter.js', type: 'link', linkname: 'package/package.json' } }, 'which is a link'],
    ['a device', { header: { name: 'package/tty', type: 'character-device' } }, 'which is a character-device, not a plain file'],
    ['a file outside package/', file('elsewhere/adapter.js'), 'which is outside the package/ folder npm packs into'],
  ] as Array<[string, Entry, string]>)('refuses %s, naming the entry', async (_, entry, problem) => {
    await expect(readPackageFiles('a@1.0.0', await tarball([file('package/package.json', '{}'), entry]))).rejects.toMatchObject({
      code: 'AETHER_E_REGISTRY_INSTALL_TARBALL_UNSAFE', message: expect.stringContaining(`has entry "${entry.header.name}", ${problem}`),
    })
  })

  it('refuses two entries for one path, or a file where a folder must be', async () => {
    await expect(readPackageFiles('a@1.0.0', await tarball([file('package/a.js'), file('package/a.js')]))).rejects.toThrow('has entry "a.js", which appears twice')
    await expect(readPackageFiles('a@1.0.0', await tarball([file('package/dist'), file('package/dist/a.js')]))).rejects.toThrow('whose folder dist is also a file')
  })

  it('refuses bytes that are not a gzipped tarball', async () => {
    await expect(readPackageFiles('a@1.0.0', Buffer.from('not a tarball'))).rejects.toMatchObject({ code: 'AETHER_E_REGISTRY_INSTALL_TARBALL_UNSAFE' })
  })
})
