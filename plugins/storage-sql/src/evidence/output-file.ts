import { randomUUID } from 'node:crypto'
import { link, rename, stat, unlink, writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { OutputExists, OutputUnwritable } from '../errors.js'

/** How an output file may be written. */
export interface OutputOptions {
  /** Replace a file already at the path (`--force`). */
  overwrite: boolean
}

/**
 * Refuses, before any work is done, an output path whose folder is missing or that is taken:
 * by a folder, or by a file unless `overwrite`.
 */
export async function checkOutput(file: string, options: OutputOptions): Promise<void> {
  const folder = dirname(file)
  const folderStat = await stat(folder).catch(() => undefined)
  if (folderStat === undefined) throw new OutputUnwritable([file, `the folder ${folder} does not exist`])
  if (!folderStat.isDirectory()) throw new OutputUnwritable([file, `${folder} is not a folder`])
  const fileStat = await stat(file).catch(() => undefined)
  if (fileStat?.isDirectory() === true) throw new OutputUnwritable([file, 'it is a folder'])
  if (fileStat !== undefined && !options.overwrite) throw new OutputExists([file])
}

/**
 * Writes `bytes` to `file` through a temporary file in the same folder, then moves it into place
 * in one step: the path holds either what was there before or the whole new file, never a part.
 * Without `overwrite`, an existing file is refused, even one created while this one was written.
 */
export async function writeOutput(file: string, bytes: Uint8Array, options: OutputOptions): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomUUID()}.tmp`)
  try {
    await writeFile(temporary, bytes, { flag: 'wx' })
    if (options.overwrite) {
      await rename(temporary, file)
    } else {
      // A hard link fails when the name is taken, where a rename would silently replace it.
      await link(temporary, file)
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new OutputExists([file], { cause: error })
    throw new OutputUnwritable([file, describeFsError(error)], { cause: error })
  } finally {
    await unlink(temporary).catch(() => undefined)
  }
}

/** A file system error in a few words; the error itself goes along as the cause. */
export function describeFsError(error: unknown): string {
  const code = (error as NodeJS.ErrnoException).code
  if (code === 'ENOENT') return 'there is no such file'
  if (code === 'EISDIR') return 'it is a folder'
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied'
  if (code === 'ENOSPC') return 'the disk is full'
  return 'see the cause'
}

/** Moves an existing file out of the way (beside it), returning where; undefined when there is none. */
export async function setAside(file: string): Promise<string | undefined> {
  const aside = `${file}.previous-${process.pid}`
  try {
    await rename(file, aside)
    return aside
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
