import { readFile } from 'node:fs/promises'
import { join, sep } from 'node:path'
import { AdapterTarballCorrupt, AdapterTarballUnsafe, AdapterUnreadable } from './errors.js'
import { readTarball, TarballProblem } from './tarball/read-tarball.js'

/** The files of an adapter as the host reads them: from its folder, or from the .tgz `npm pack` made of it. */
export interface AdapterPackage {
  /** The folder or the tarball. */
  readonly path: string
  /** How messages name one of its files: its path in the folder, or `<file> in <tarball>`. */
  describe(file: string): string
  /** A file's bytes by its path inside the package; AdapterUnreadable when it cannot be read. */
  read(file: string): Promise<Buffer>
}

/** Whether `path` names an adapter tarball (`.tgz` or `.tar.gz`) rather than a folder. */
export function isTarballPath(path: string): boolean {
  return /\.(tgz|tar\.gz)$/i.test(path)
}

/**
 * Opens an adapter folder, or reads a tarball whole with readTarball's checks (no link, no
 * absolute or `..` path, within tarballLimits; npm's `package/` top folder dropped), refusing a
 * bad one with AETHER_E_SANDBOX_TARBALL_CORRUPT or _UNSAFE before any of its files is used.
 */
export async function openAdapterPackage(path: string): Promise<AdapterPackage> {
  if (!isTarballPath(path)) {
    return {
      path,
      describe: (file) => join(path, file),
      read: (file) => readFile(join(path, file)).catch((error: unknown) => {
        throw new AdapterUnreadable([join(path, file), (error as Error).message], { cause: error })
      }),
    }
  }
  // In memory, not unpacked to a cache folder: the host reads only package.json, the manifest and
  // the bundle, the bundle runs from a string, and nothing on disk can change after the checks.
  const files = await tarballFiles(path)
  const describe = (file: string) => `${file} in ${path}`
  return {
    path,
    describe,
    read: async (file) => {
      const content = files.get(file.split(sep).join('/'))
      if (content === undefined) throw new AdapterUnreadable([describe(file), 'the tarball holds no such file'])
      return content
    },
  }
}

async function tarballFiles(tarball: string): Promise<Map<string, Buffer>> {
  const compressed = await readFile(tarball).catch((error: unknown) => {
    throw new AdapterUnreadable([tarball, (error as Error).message], { cause: error })
  })
  try {
    return new Map(readTarball(compressed).map((file) => [file.path, file.content]))
  } catch (error) {
    if (!(error instanceof TarballProblem)) throw error
    if (error.isCorrupt) throw new AdapterTarballCorrupt([tarball, `${error.message}${error.entry === '(archive)' ? '' : ` at ${error.entry}`}`], { cause: error })
    const problem = error.entry === '(archive)' ? error.message : `it holds "${error.entry.slice(0, 200)}", ${error.message}`
    throw new AdapterTarballUnsafe([tarball, problem], { cause: error })
  }
}
