import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { AdapterKind, AdapterUnreadable } from '@aether/plugin-sandbox-host'
import { Value } from '@sinclair/typebox/value'

/**
 * The kind an adapter folder's manifest declares, to pick sample records before the full install
 * check runs; anything wrong here is left for that check to report, except an unreadable file.
 */
export async function readAdapterKind(folder: string): Promise<AdapterKind> {
  const file = join(folder, 'aether-adapter.json')
  const text = await readFile(file, 'utf8').catch((error: unknown) => {
    throw new AdapterUnreadable([file, `${(error as Error).message}; build the adapter first (\`aether adapter build ${folder}\`)`], { cause: error })
  })
  let kind: unknown
  try {
    kind = (JSON.parse(text) as { kind?: unknown }).kind
  } catch {
    kind = undefined
  }
  return Value.Check(AdapterKind, kind) ? kind : 'enricher'
}
