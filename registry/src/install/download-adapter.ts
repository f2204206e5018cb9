import { InstallNotCertified } from '../errors.js'
import type { PublishedKey } from '../signing/certification.js'
import type { RegistryClient } from './registry-client.js'
import { readPackageFiles, type PackageFile } from './unpack-adapter.js'
import { verifyDownload, type ExpectedDownload } from './verify-download.js'

/**
 * Downloads a tarball, verifies it (verifyDownload) and reads its files, writing nothing yet.
 * The manifest inside must be the certified one: its `engine` the certificate's kernel range, and
 * no capability beyond those certified (the signature covers the tarball, so this only fails on a
 * registry that certified something else than it signed).
 */
export async function downloadAdapter(client: RegistryClient, tarballUrl: string, expected: ExpectedDownload, keys: PublishedKey[]): Promise<PackageFile[]> {
  const id = `${expected.name}@${expected.version}`
  const tarball = await client.tarball(tarballUrl)
  verifyDownload(expected, tarball, keys)
  const files = await readPackageFiles(id, tarball)
  const manifestFile = files.find((file) => file.path === 'aether-adapter.json')
  if (manifestFile === undefined) throw new InstallNotCertified([id, 'its tarball has no aether-adapter.json, so it is not an adapter'])
  let manifest: { engine?: unknown; capabilities?: unknown }
  try {
    manifest = JSON.parse(manifestFile.content.toString('utf8')) as typeof manifest
  } catch (error) {
    throw new InstallNotCertified([id, 'its aether-adapter.json is not JSON'], { cause: error })
  }
  const { kernelRange, capabilities } = expected.certificate
  if (manifest.engine !== kernelRange) throw new InstallNotCertified([id, `its manifest's engine ${JSON.stringify(manifest.engine)} is not the certified kernel range "${kernelRange}"`])
  const asked = Array.isArray(manifest.capabilities) ? manifest.capabilities.map(String) : []
  const uncertified = asked.filter((capability) => !capabilities.includes(capability))
  if (uncertified.length > 0) throw new InstallNotCertified([id, `its manifest asks for ${uncertified.join(', ')}, which was not certified`])
  return files
}
