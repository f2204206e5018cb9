import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AdapterKind, AdapterUnreadable, isTarballPath, openAdapterPackage } from '@aether/plugin-sandbox-host'
import { Value } from '@sinclair/typebox/value'

/**
 * The kind an adapter's manifest declares (in its folder or its .tgz), to pick sample records
 * before the full install check runs; anything wrong here is left for that check to report,
 * except an unreadable file or tarball.
 */
export async function readAdapterKind(path: string): Promise<AdapterKind> {
  const text = isTarballPath(path) ? (await (await openAdapterPackage(path)).read('aether-adapter.json')).toString('utf8') : await readFolderManifest(path)
  let kind: unknown
  try {
    kind = (JSON.parse(text) as { kind?: unknown }).kind
  } catch {
    kind = undefined
  }
  return Value.Check(AdapterKind, kind) ? kind : 'enricher'
}

async function readFolderManifest(folder: string): Promise<string> {
  const file = join(folder, 'aether-adapter.json')
  return readFile(file, 'utf8').catch((error: unknown) => {
    throw new AdapterUnreadable([file, `${(error as Error).message}; build the adapter first (\`aether adapter build ${folder}\`)`], { cause: error })
  })
}
