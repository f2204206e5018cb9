import { createHash, randomUUID } from 'node:crypto'
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'

/**
 * Tarballs by content: each is stored once, at `<root>/sha512/<ab>/<cd>/<hex>`, named by its own
 * sha512, so a blob can be checked against its name and two versions with the same bytes share it.
 */
export class BlobStore {
  constructor(readonly root: string) {}

  /** Stores `bytes` (written to a temporary file, then renamed: never half a blob) and returns its sha512 hex. */
  async put(bytes: Buffer): Promise<string> {
    const sha512 = createHash('sha512').update(bytes).digest('hex')
    const path = this.pathOf(sha512)
    if (await stat(path).then(() => true, () => false)) return sha512
    await mkdir(dirname(path), { recursive: true })
    const temporary = `${path}.${randomUUID()}.tmp`
    await writeFile(temporary, bytes)
    await rename(temporary, path)
    return sha512
  }

  /** The blob of that sha512, checked against it; undefined when absent or damaged. */
  async get(sha512: string): Promise<Buffer | undefined> {
    if (!/^[0-9a-f]{128}$/.test(sha512)) return undefined
    const bytes = await readFile(this.pathOf(sha512)).catch(() => undefined)
    if (bytes === undefined) return undefined
    return createHash('sha512').update(bytes).digest('hex') === sha512 ? bytes : undefined
  }

  /** Where the blob of that sha512 lives. */
  pathOf(sha512: string): string {
    return join(this.root, 'sha512', sha512.slice(0, 2), sha512.slice(2, 4), sha512)
  }
}
