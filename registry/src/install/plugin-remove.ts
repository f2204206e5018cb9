import { rm } from 'node:fs/promises'
import { InstallLockfileInvalid } from '../errors.js'
import { ProjectLock } from './project-lock.js'

/** `aether plugin remove <name>`: deletes the adapter's folder and its lockfile entry. */
export async function removeAdapter(projectDir: string, name: string): Promise<string> {
  const project = await ProjectLock.read(projectDir)
  const locked = project.lock.adapters[name]
  if (locked === undefined) {
    const known = Object.keys(project.lock.adapters)
    throw new InstallLockfileInvalid([project.file, `does not list ${name} (it lists ${known.length === 0 ? 'no adapters' : known.join(', ')})`])
  }
  await rm(project.absoluteFolder(locked.folder), { recursive: true, force: true })
  delete project.lock.adapters[name]
  await project.write()
  return `${name}@${locked.version}`
}
