import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import { afterAll, describe, expect, it } from 'vitest'
import { readTarball, TarballProblem, tarballLimits } from './read-tarball.js'

// Archives made by the system's GNU tar, as a packer would make them.
const root = await mkdtemp(join(tmpdir(), 'aether-tarball-'))
afterAll(() => rm(root, { recursive: true, force: true }))

async function tar(name: string, args: string[]): Promise<Buffer> {
  const file = join(root, `${name}.tgz`)
  execFileSync('tar', ['-czf', file, ...args], { cwd: root })
  return readFile(file)
}

function problemOf(archive: Buffer, limits?: Parameters<typeof readTarball>[1]): TarballProblem {
  try {
    readTarball(archive, limits)
  } catch (error) {
    if (error instanceof TarballProblem) return error
    throw error
  }
  throw new Error('the archive was accepted')
}

describe('reading an adapter tarball', () => {
  it('gives the files under their top folder, as npm pack lays them out, long paths included', async () => {
    const long = `${'d'.repeat(120)}/${'f'.repeat(80)}.js`
    await mkdir(join(root, 'package', 'd'.repeat(120)), { recursive: true })
    await writeFile(join(root, 'package', 'package.json'), '{"name":"x"}')
    await writeFile(join(root, 'package', long), 'globalThis.adapter = {}')
    const files = readTarball(await tar('good', ['--format=pax', 'package']))
    expect(files.map((file) => file.path).sort()).toEqual([long, 'package.json'].sort())
    expect(files.find((file) => file.path === 'package.json')?.content.toString()).toBe('{"name":"x"}')
  })

  it('refuses a symbolic link anywhere in the archive', async () => {
    await mkdir(join(root, 'linked'), { recursive: true })
    await symlink('/etc/passwd', join(root, 'linked', 'adapter.js'))
    expect(problemOf(await tar('symlink', ['linked'])).message).toBe('which is a link')
  })

  it('refuses a path that leaves the archive', async () => {
    await mkdir(join(root, 'inner'), { recursive: true })
    await writeFile(join(root, 'escape.txt'), 'outside')
    const problem = problemOf(await tar('traversal', ['-P', 'inner/../escape.txt']))
    expect(problem).toMatchObject({ entry: 'inner/../escape.txt', message: 'whose path leaves the archive (..)' })
  })

  it('says a file that is not gzip, or an archive cut short, is corrupt', async () => {
    expect(problemOf(Buffer.from('not a tarball'))).toMatchObject({ isCorrupt: true })
    const whole = await tar('whole', ['package'])
    const inner = (await import('node:zlib')).gunzipSync(whole)
    expect(problemOf(gzipSync(inner.subarray(0, 700)))).toMatchObject({ isCorrupt: true })
  })

  it('refuses an archive that expands beyond the size limit without expanding it', () => {
    const bomb = gzipSync(Buffer.alloc(2 * 1024 * 1024))
    expect(problemOf(bomb, { ...tarballLimits, maxBytes: 1024 * 1024 })).toMatchObject({ isCorrupt: false, message: 'it expands to more than 1048576 bytes' })
  })
})

describe('an archive made from inside its folder', () => {
  it('is read without the leading ./ of its entries', async () => {
    await mkdir(join(root, 'dotted'), { recursive: true })
    await writeFile(join(root, 'dotted', 'package.json'), '{}')
    const file = join(root, 'dotted.tgz')
    execFileSync('tar', ['-czf', file, '.'], { cwd: join(root, 'dotted') })
    expect(readTarball(await readFile(file)).map((entry) => entry.path)).toEqual(['package.json'])
  })
})
