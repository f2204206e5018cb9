import { InstallVersionUnresolved } from '../errors.js'
import { decideGrants, type GrantDecisions } from './capability-grants.js'
import { chooseVersion } from './choose-version.js'
import { downloadAdapter } from './download-adapter.js'
import { ProjectLock } from './project-lock.js'
import { RegistryClient } from './registry-client.js'
import { fileHashes, writeAdapterFolder } from './unpack-adapter.js'
import type { LockedAdapter } from '@aether/plugin-sandbox-host'

/** What `aether plugin add` was asked. */
export interface AddOptions extends GrantDecisions {
  projectDir: string
  /** `name@range`, `name@tag` or `name` (the latest tag). */
  spec: string
  registryUrl: string
  /** Told what is happening (the capabilities asked for, what was installed). */
  report: (line: string) => void
}

/** `name@range` → its parts; the `@` of a scope is not the separator. */
export function parseSpec(spec: string): { name: string; range: string } {
  const at = spec.lastIndexOf('@')
  if (at <= 0) return { name: spec, range: 'latest' }
  const range = spec.slice(at + 1)
  if (range === '') throw new InstallVersionUnresolved([spec, 'it names no range after "@"'])
  return { name: spec.slice(0, at), range }
}

/**
 * Installs a certified adapter into `aether_adapters/<name>` and pins it in aether-lock.json:
 * resolves the range against the packument, downloads and verifies the tarball (integrity,
 * signature, certificate, kernel range), decides the grants of the capabilities it was certified
 * for, unpacks it, and records version, URL, integrity, signature, capabilities, grants and file
 * hashes. Nothing is written unless every check passed.
 */
export async function addAdapter(options: AddOptions): Promise<{ name: string; locked: LockedAdapter }> {
  const { name, range } = parseSpec(options.spec)
  const folder = ProjectLock.folderOf(name)
  const project = await ProjectLock.read(options.projectDir)
  const client = new RegistryClient(options.registryUrl)
  const chosen = chooseVersion(await client.packument(name), range)
  const id = `${name}@${chosen.version}`
  const files = await downloadAdapter(client, chosen.tarball, chosen, await client.keys())
  const { capabilities } = chosen.certificate
  options.report(`${id}: integrity, signature (key ${chosen.certificate.keyId}) and kernel range ${chosen.certificate.kernelRange} verified`)
  options.report(`${id} asks for ${capabilities.length === 0 ? 'no capabilities' : capabilities.join(', ')}`)
  const previous = project.lock.adapters[name]
  const grants = await decideGrants(id, capabilities, options, previous)
  await writeAdapterFolder(project.absoluteFolder(folder), files)
  const locked: LockedAdapter = {
    version: chosen.version, range, registry: client.url, resolved: chosen.tarball, integrity: chosen.integrity, folder,
    certificate: chosen.certificate, signature: chosen.signature, keyId: chosen.certificate.keyId,
    certifiedCapabilities: [...capabilities], grants, files: fileHashes(files),
  }
  project.lock.adapters[name] = locked
  await project.write()
  options.report(`installed ${id} into ${folder}${previous === undefined ? '' : ` (was ${previous.version})`}; granted ${grants.length === 0 ? 'nothing' : grants.join(', ')}`)
  return { name, locked }
}
