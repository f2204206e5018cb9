import { gunzipSync } from 'node:zlib'

/** One file of a tarball. */
export interface TarFile {
  path: string
  content: Buffer
}

/** What a tarball may hold at most; more is refused rather than extracted. */
export const tarballLimits = { maxCompressedBytes: 50 * 1024 * 1024, maxBytes: 100 * 1024 * 1024, maxEntries: 10_000 }

/** A reason a tarball is refused, and the entry it concerns. */
export class TarballProblem extends Error {
  constructor(readonly entry: string, message: string, readonly isCorrupt = false) {
    super(message)
  }
}

/**
 * The files of a gzip-compressed tar archive (ustar, with pax path headers as npm writes them),
 * read in memory. Only plain files and folders are accepted: a link, a device, an absolute path,
 * a `..` segment or more than tarballLimits refuses the whole archive. Paths come back without a
 * leading `./` and with their top folder (`package/` for npm) removed.
 */
export function readTarball(compressed: Buffer, limits: typeof tarballLimits = tarballLimits): TarFile[] {
  if (compressed.length > limits.maxCompressedBytes) throw new TarballProblem('(archive)', `it is larger than ${limits.maxCompressedBytes} bytes`)
  let archive: Buffer
  try {
    archive = gunzipSync(compressed, { maxOutputLength: limits.maxBytes })
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE') throw new TarballProblem('(archive)', `it expands to more than ${limits.maxBytes} bytes`)
    throw new TarballProblem('(archive)', `it does not decompress (${(error as Error).message})`, true)
  }
  const files: TarFile[] = []
  let paxPath: string | undefined
  let entries = 0
  for (let offset = 0; offset + 512 <= archive.length;) {
    const header = archive.subarray(offset, offset + 512)
    if (header.every((byte) => byte === 0)) return stripTopFolder(files)
    if (!checksumHolds(header)) throw new TarballProblem('(archive)', `the header at byte ${offset} is damaged`, true)
    entries += 1
    if (entries > limits.maxEntries) throw new TarballProblem('(archive)', `it has more than ${limits.maxEntries} entries`)
    const size = Number.parseInt(text(header, 124, 12).trim() || '0', 8)
    const type = String.fromCharCode(header[156] ?? 0)
    const prefix = text(header, 345, 155)
    const name = paxPath ?? (prefix === '' ? text(header, 0, 100) : `${prefix}/${text(header, 0, 100)}`)
    const start = offset + 512
    if (!Number.isSafeInteger(size) || start + size > archive.length) throw new TarballProblem(name, 'it is cut short', true)
    const body = archive.subarray(start, start + size)
    offset = start + Math.ceil(size / 512) * 512
    if (type === 'x') {
      paxPath = paxField(body, 'path')
      continue
    }
    paxPath = undefined
    if (type === 'g') continue
    const path = name.replace(/^(\.\/)+/, '')
    checkPath(path)
    if (type === '0' || type === '\0') files.push({ path, content: Buffer.from(body) })
    else if (type !== '5') throw new TarballProblem(name, type === '1' || type === '2' ? 'which is a link' : `which is not a plain file or folder (type ${JSON.stringify(type)})`)
  }
  throw new TarballProblem('(archive)', 'it ends without the closing blocks', true)
}

function text(header: Buffer, start: number, length: number): string {
  const field = header.subarray(start, start + length)
  const end = field.indexOf(0)
  return field.subarray(0, end === -1 ? length : end).toString('utf8')
}

/** The header checksum: the byte sum with the checksum field read as spaces. */
function checksumHolds(header: Buffer): boolean {
  let sum = 0
  for (let index = 0; index < 512; index += 1) sum += index >= 148 && index < 156 ? 32 : (header[index] as number)
  return Number.parseInt(text(header, 148, 8).trim(), 8) === sum
}

function paxField(body: Buffer, key: string): string | undefined {
  for (const line of body.toString('utf8').split('\n')) {
    const match = /^\d+ ([^=]+)=(.*)$/.exec(line)
    if (match?.[1] === key) return match[2]
  }
  return undefined
}

function checkPath(name: string): void {
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) throw new TarballProblem(name, 'which is an absolute path')
  if (name.split('/').includes('..')) throw new TarballProblem(name, 'whose path leaves the archive (..)')
}

function stripTopFolder(files: TarFile[]): TarFile[] {
  const tops = new Set(files.map((file) => file.path.split('/')[0]))
  const [top] = tops
  if (tops.size !== 1 || files.some((file) => !file.path.includes('/'))) return files
  return files.map((file) => ({ path: file.path.slice(`${top}/`.length), content: file.content }))
}
