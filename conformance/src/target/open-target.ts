import { createHash } from 'node:crypto'
import { mkdir, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { readTarball, TarballProblem } from '@aether/plugin-sandbox-host'
import { ConformanceTarballCorrupt, ConformanceTarballUnsafe, ConformanceTargetMissing } from '../errors.js'

/** An adapter ready to judge: a folder, what it came from, and how to clean up after. */
export interface OpenTarget {
  folder: string
  artifact: 'directory' | 'tarball'
  /** sha512 of the tarball; undefined for a folder (the report then uses the bundle's). */
  tarballSha512: string | undefined
  close(): Promise<void>
}

/**
 * Opens an adapter folder as is, or extracts an adapter .tgz (checked whole first: see
 * readTarball) into a temporary folder that `close` removes. Refuses what it cannot open with an
 * AETHER_E_CONFORMANCE_* error saying what to do.
 */
export async function openTarget(path: string): Promise<OpenTarget> {
  const absolute = resolve(path)
  const info = await stat(absolute).catch((error: NodeJS.ErrnoException) => {
    throw new ConformanceTargetMissing([path, error.code === 'ENOENT' ? 'no such file or folder' : error.message], { cause: error })
  })
  if (info.isDirectory()) return { folder: absolute, artifact: 'directory', tarballSha512: undefined, close: async () => {} }
  const compressed = await readFile(absolute).catch((error: unknown) => {
    throw new ConformanceTargetMissing([path, (error as Error).message], { cause: error })
  })
  let files
  try {
    files = readTarball(compressed)
  } catch (error) {
    if (!(error instanceof TarballProblem)) throw error
    if (error.isCorrupt) throw new ConformanceTarballCorrupt([path, `${error.message}${error.entry === '(archive)' ? '' : ` at ${error.entry}`}`])
    throw new ConformanceTarballUnsafe([path, error.entry, error.message])
  }
  const folder = await mkdtemp(join(tmpdir(), 'aether-conformance-'))
  for (const file of files) {
    const target = join(folder, file.path)
    try {
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, file.content)
    } catch (error) {
      // Two entries that cannot both exist: a file where another entry needs a folder.
      await rm(folder, { recursive: true, force: true })
      throw new ConformanceTarballUnsafe([path, file.path, `which clashes with another entry (${(error as NodeJS.ErrnoException).code ?? 'error'})`], { cause: error })
    }
  }
  return {
    folder, artifact: 'tarball', tarballSha512: createHash('sha512').update(compressed).digest('hex'),
    close: () => rm(folder, { recursive: true, force: true }),
  }
}
