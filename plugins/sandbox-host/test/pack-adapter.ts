import { execFile } from 'node:child_process'
import { cp, mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'

const run = promisify(execFile)

/** The repository's example adapters, as an author would pack one. */
export const exampleAdapter = (name: string): string => fileURLToPath(new URL(`../../../adapters/${name}`, import.meta.url))

/** Runs the real `npm pack` in `folder`, writing the .tgz into `destination` (offline: nothing is fetched); its path. */
export async function npmPack(folder: string, destination: string): Promise<string> {
  const { stdout } = await run('npm', ['pack', '--pack-destination', destination, '--json', '--silent'], { cwd: folder })
  const [packed] = JSON.parse(stdout) as Array<{ filename: string }>
  if (packed === undefined) throw new Error(`npm pack wrote no tarball for ${folder}`)
  return join(destination, packed.filename)
}

/** Unpacks `tarball` with the system tar into `into`, which then holds its `package/` folder. */
export async function unpack(tarball: string, into: string): Promise<void> {
  await mkdir(into, { recursive: true })
  await run('tar', ['-xzf', tarball, '-C', into])
}

/**
 * Packs `entries` of `cwd` into `file` with the system tar, as a hand-made tarball; `-P` keeps a
 * `..` or absolute entry as written rather than stripping it. Returns `file`.
 */
export async function tarFrom(cwd: string, file: string, entries: string[]): Promise<string> {
  await run('tar', ['-czPf', file, ...entries], { cwd })
  return file
}

/** Copies an adapter folder to `<into>/package/` and packs it as npm would lay it out; the .tgz's path. */
export async function packFolder(folder: string, into: string, name = 'adapter.tgz'): Promise<string> {
  await cp(folder, join(into, 'package'), { recursive: true })
  return tarFrom(into, join(into, name), ['package'])
}
