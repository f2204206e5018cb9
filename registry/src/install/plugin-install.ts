import { Value } from '@sinclair/typebox/value'
import { InstallLockfileInvalid } from '../errors.js'
import { Certificate, type PublishedKey } from '../signing/certification.js'
import { downloadAdapter } from './download-adapter.js'
import { ProjectLock } from './project-lock.js'
import { RegistryClient } from './registry-client.js'
import { fileHashes, writeAdapterFolder } from './unpack-adapter.js'

/**
 * `aether plugin install`: installs exactly what aether-lock.json pins, from the URLs it
 * recorded: each tarball must have the recorded integrity and files, and its recorded signature
 * must still verify with the registry's keys (a key revoked since refuses it). The lockfile is
 * not changed. Returns the `name@version`s installed.
 */
export async function installLocked(projectDir: string, report: (line: string) => void): Promise<string[]> {
  const project = await ProjectLock.read(projectDir)
  const keysByRegistry = new Map<string, PublishedKey[]>()
  const installed: string[] = []
  for (const [name, locked] of Object.entries(project.lock.adapters)) {
    const id = `${name}@${locked.version}`
    if (!Value.Check(Certificate, locked.certificate)) throw new InstallLockfileInvalid([project.file, `holds a malformed certificate for ${id}`])
    const client = new RegistryClient(locked.registry)
    const keys = keysByRegistry.get(client.url) ?? await client.keys()
    keysByRegistry.set(client.url, keys)
    const files = await downloadAdapter(client, locked.resolved, { name, version: locked.version, integrity: locked.integrity, certificate: locked.certificate, signature: locked.signature }, keys)
    const hashes = fileHashes(files)
    const differing = [...new Set([...Object.keys(hashes), ...Object.keys(locked.files)])].filter((path) => hashes[path] !== locked.files[path])
    if (differing.length > 0) throw new InstallLockfileInvalid([project.file, `records files for ${id} that its tarball does not hold as recorded (${differing.slice(0, 5).join(', ')})`])
    await writeAdapterFolder(project.absoluteFolder(locked.folder), files)
    report(`installed ${id} into ${locked.folder}`)
    installed.push(id)
  }
  return installed
}
