import { execFileSync } from 'node:child_process'
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { adapterFolders, goodAdapter } from '../test/adapter-folder.js'
import { runConformance } from './run-conformance.js'

// What makes a run impossible: refused before any check, with a coded error saying what to do.
const folders = adapterFolders()
const scratch = await mkdtemp(join(tmpdir(), 'aether-conformance-refusals-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

describe('a conformance run that cannot start', () => {
  it('refuses a file that is not a gzip tarball', async () => {
    const corrupt = join(scratch, 'corrupt.tgz')
    await writeFile(corrupt, 'this is not gzip')
    await expect(runConformance(corrupt)).rejects.toMatchObject({
      code: 'AETHER_E_CONFORMANCE_TARBALL_CORRUPT', message: expect.stringMatching(/^The adapter tarball .*corrupt\.tgz is not a whole \.tgz: it does not decompress .*Pack the adapter again/),
    })
  })

  it('refuses a tarball holding a link, extracting nothing', async () => {
    await mkdir(join(scratch, 'package'))
    await symlink('/etc/passwd', join(scratch, 'package', 'adapter.js'))
    const tarball = join(scratch, 'linked.tgz')
    execFileSync('tar', ['-czf', tarball, 'package'], { cwd: scratch })
    await expect(runConformance(tarball)).rejects.toMatchObject({
      code: 'AETHER_E_CONFORMANCE_TARBALL_UNSAFE', message: expect.stringContaining('holds "package/adapter.js", which is a link; nothing was extracted'),
    })
  })

  it('refuses an adapter whose aether-adapter.json is missing or not JSON', async () => {
    const folder = await folders('no-manifest', goodAdapter('enricher'))
    await rm(join(folder, 'aether-adapter.json'))
    await expect(runConformance(folder)).rejects.toMatchObject({ code: 'AETHER_E_CONFORMANCE_MANIFEST_UNREADABLE', message: expect.stringContaining('aether-adapter.json could not be read: there is no such file') })
    await writeFile(join(folder, 'aether-adapter.json'), '{ "kind": "enricher", ')
    await expect(runConformance(folder)).rejects.toMatchObject({ code: 'AETHER_E_CONFORMANCE_MANIFEST_UNREADABLE', message: expect.stringMatching(/could not be read: it is not JSON .*`aether adapter build` writes it/) })
  })
})
