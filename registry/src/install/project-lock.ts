import { randomUUID } from 'node:crypto'
import { readFile, rename, writeFile } from 'node:fs/promises'
import { join, resolve, sep } from 'node:path'
import { AetherLock, adaptersFolderName, lockfileName } from '@aether/plugin-sandbox-host'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { InstallLockfileInvalid, InstallVersionUnresolved } from '../errors.js'
import { isPackageName } from '../npm/publish-body.js'

const checkLock = TypeCompiler.Compile(AetherLock)

/** A project's aether-lock.json: read, changed and written back by the plugin commands. */
export class ProjectLock {
  private constructor(readonly projectDir: string, readonly lock: AetherLock) {}

  /** The project's lockfile, or an empty one when it has none yet. */
  static async read(projectDir: string): Promise<ProjectLock> {
    const file = join(projectDir, lockfileName)
    const text = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined
      throw new InstallLockfileInvalid([file, `cannot be read (${error.message})`], { cause: error })
    })
    if (text === undefined) return new ProjectLock(projectDir, { lockfileVersion: 1, adapters: {} })
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch (error) {
      throw new InstallLockfileInvalid([file, `is not JSON (${(error as Error).message})`], { cause: error })
    }
    const issue = checkLock.Errors(value).First()
    if (issue !== undefined) throw new InstallLockfileInvalid([file, `is not an aether lockfile: ${issue.path || '(root)'} ${issue.message}`])
    return new ProjectLock(projectDir, value as AetherLock)
  }

  /** The file's path. */
  get file(): string {
    return join(this.projectDir, lockfileName)
  }

  /** Where an adapter is installed: `aether_adapters/<name>` (a scoped name is two folders). */
  static folderOf(name: string): string {
    if (!isPackageName(name)) throw new InstallVersionUnresolved([name, 'it is not an npm package name (lowercase letters, digits and ._~- only, optionally as @scope/name)'])
    return `${adaptersFolderName}/${name}`
  }

  /** The absolute folder of a locked entry, refused when it is not inside aether_adapters/. */
  absoluteFolder(folder: string): string {
    const managed = resolve(this.projectDir, adaptersFolderName)
    const absolute = resolve(this.projectDir, folder)
    if (!absolute.startsWith(`${managed}${sep}`)) {
      throw new InstallLockfileInvalid([this.file, `names folder "${folder}", which is not inside ${adaptersFolderName}/`])
    }
    return absolute
  }

  /** Writes the lockfile (to a temporary name, then renamed), entries sorted by name. */
  async write(): Promise<void> {
    const sorted: AetherLock = { lockfileVersion: 1, adapters: Object.fromEntries(Object.entries(this.lock.adapters).sort(([a], [b]) => a.localeCompare(b))) }
    const temporary = `${this.file}.${randomUUID()}.tmp`
    await writeFile(temporary, `${JSON.stringify(sorted, null, 2)}\n`)
    await rename(temporary, this.file)
  }
}
