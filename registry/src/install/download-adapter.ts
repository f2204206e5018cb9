import type { PublishedKey } from '../signing/certification.js'
import type { RegistryClient } from './registry-client.js'
import { readPackageFiles, type PackageFile } from './unpack-adapter.js'
import { verifyDownload, type ExpectedDownload } from './verify-download.js'

/** Downloads a tarball, verifies it (verifyDownload) and reads its files, writing nothing yet. */
export async function downloadAdapter(client: RegistryClient, tarballUrl: string, expected: ExpectedDownload, keys: PublishedKey[]): Promise<PackageFile[]> {
  const tarball = await client.tarball(tarballUrl)
  verifyDownload(expected, tarball, keys)
  return readPackageFiles(`${expected.name}@${expected.version}`, tarball)
}
