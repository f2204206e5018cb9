import { createHash } from 'node:crypto'
import { readFile } from 'node:fs/promises'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { AdapterGrantInvalid, AdapterLockMismatch, AdapterUnreadable } from '../errors.js'
import { AetherLock, adaptersFolderName, lockfileName, type LockedAdapter } from './adapter-lock.js'

const checkLock = TypeCompiler.Compile(AetherLock)

/**
 * The lockfile entry of an adapter folder, after re-checking every file it records against its
 * sha512; undefined for a folder no lockfile manages. The nearest aether-lock.json above the
 * folder decides: a folder it lists must match it, and a folder inside its aether_adapters/
 * that it does not list is refused (something put it there by hand).
 */
export async function lockedAdapter(folder: string): Promise<LockedAdapter | undefined> {
  const found = await nearestLock(dirname(folder))
  if (found === undefined) return undefined
  const { lockDir, lock, file } = found
  const entry = Object.entries(lock.adapters).find(([, locked]) => resolve(lockDir, locked.folder) === folder)
  if (entry === undefined) {
    const managed = resolve(lockDir, adaptersFolderName)
    if (folder.startsWith(`${managed}${sep}`)) throw new AdapterLockMismatch([folder, `it is inside ${adaptersFolderName}/ but ${file} does not list it`])
    return undefined
  }
  const [name, locked] = entry
  for (const [path, expected] of Object.entries(locked.files)) {
    const target = resolve(folder, path)
    if (relative(folder, target).startsWith('..')) throw new AdapterLockMismatch([folder, `${file} lists "${path}" for ${name}, outside its folder`])
    const bytes = await readFile(target).catch(() => undefined)
    if (bytes === undefined) throw new AdapterLockMismatch([folder, `${path} is missing`])
    const actual = createHash('sha512').update(bytes).digest('hex')
    if (actual !== expected) throw new AdapterLockMismatch([folder, `${path} has sha512 ${actual.slice(0, 16)}… but ${file} records ${expected.slice(0, 16)}… for ${name}@${locked.version}`])
  }
  return locked
}

/**
 * Refuses a bundle, as the host read it to load, that is not the one the lockfile records: the
 * files were checked first, and this closes the gap between that check and the read.
 */
export function checkLoadedBundle(locked: LockedAdapter, entry: string, source: string, folder: string): void {
  const expected = locked.files[entry.replace(/^(\.\/)+/, '')]
  const actual = createHash('sha512').update(source, 'utf8').digest('hex')
  if (expected === undefined) throw new AdapterLockMismatch([folder, `its bundle ${entry} is not among the files ${lockfileName} records`])
  if (actual !== expected) throw new AdapterLockMismatch([folder, `${entry} changed while it was loaded: sha512 ${actual.slice(0, 16)}…, ${lockfileName} records ${expected.slice(0, 16)}…`])
}

/**
 * The grants of a lockfile-managed adapter: the configuration's own `grants` when it lists
 * some, each of which the lockfile must record as granted, or else those of the lockfile.
 */
export function lockedGrants(configured: readonly string[] | undefined, locked: LockedAdapter, path: string): readonly string[] {
  if (configured === undefined) return locked.grants
  for (const grant of configured) {
    if (!locked.grants.includes(grant)) throw new AdapterGrantInvalid([path, grant, `which ${lockfileName} does not record as granted; grant it with "aether plugin add <name>@${locked.version} --grant ${grant}"`])
  }
  return configured
}

async function nearestLock(start: string): Promise<{ lockDir: string; lock: AetherLock; file: string } | undefined> {
  for (let dir = start; ; dir = dirname(dir)) {
    const file = join(dir, lockfileName)
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT' || error.code === 'ENOTDIR') return undefined
      throw new AdapterUnreadable([file, error.message], { cause: error })
    })
    if (text !== undefined) {
      let value: unknown
      try {
        value = JSON.parse(text)
      } catch (error) {
        throw new AdapterUnreadable([file, `not JSON (${(error as Error).message})`], { cause: error })
      }
      const issue = checkLock.Errors(value).First()
      if (issue !== undefined) throw new AdapterUnreadable([file, `not a lockfile: ${issue.path || '(root)'} ${issue.message}`])
      return { lockDir: dir, lock: value as AetherLock, file }
    }
    if (dirname(dir) === dir) return undefined
  }
}
