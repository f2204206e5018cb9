import { createHash, randomUUID } from 'node:crypto'
import { mkdir, rename, rm, writeFile } from 'node:fs/promises'
import { dirname, join } from 'node:path'
import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import { createGunzip } from 'node:zlib'
import tar from 'tar-stream'
import { InstallTarballUnsafe } from '../errors.js'

/** One file of a package tarball, with its path inside the package. */
export interface PackageFile {
  path: string
  content: Buffer
}

// What an adapter package may hold at most; more is refused rather than unpacked.
const limits = { maxBytes: 64 * 1024 * 1024, maxEntries: 10_000 }

/**
 * The files of an npm package tarball, read with tar-stream in memory and checked whole before
 * anything is written: only plain files and folders under `package/`, no absolute path, no `..`,
 * no link or device, within the size and entry limits. Paths come back without `package/`.
 */
export async function readPackageFiles(id: string, tarball: Buffer): Promise<PackageFile[]> {
  const files: PackageFile[] = []
  const extract = tar.extract()
  // The first refusal stops reading (the abort ends the pipeline) and is what is thrown.
  const stop = new AbortController()
  let refusal: InstanceType<typeof InstallTarballUnsafe> | undefined
  const refuse = (entry: string, problem: string): void => {
    refusal ??= new InstallTarballUnsafe([id, entry, problem])
    stop.abort()
  }
  let total = 0
  let entries = 0
  extract.on('entry', (header, stream, next) => {
    const problem = refusalOf(header, ++entries)
    if (problem !== undefined) refuse(header.name, problem)
    const chunks: Buffer[] = []
    stream.on('data', (chunk: unknown) => {
      if (!Buffer.isBuffer(chunk)) return
      total += chunk.length
      if (total > limits.maxBytes) refuse(header.name, `which takes the package past ${limits.maxBytes} bytes`)
      if (refusal === undefined) chunks.push(chunk)
    })
    stream.on('end', () => {
      if (refusal === undefined && header.type === 'file') files.push({ path: header.name.replace(/^(\.\/)*package\//, ''), content: Buffer.concat(chunks) })
      next()
    })
    // An abort destroys the entry's stream too; the refusal or the pipeline's error is reported.
    stream.on('error', () => {})
    stream.resume()
  })
  try {
    await pipeline(Readable.from([tarball]), createGunzip(), extract, { signal: stop.signal })
  } catch (error) {
    if (refusal !== undefined) throw refusal
    throw new InstallTarballUnsafe([id, '(archive)', `which is not a readable gzipped tar archive (${(error as Error).message})`], { cause: error })
  }
  if (refusal !== undefined) throw refusal
  // Two entries for one path, or a file where another entry needs a folder, cannot both be installed.
  const paths = new Set<string>()
  for (const file of files) {
    if (paths.has(file.path)) throw new InstallTarballUnsafe([id, file.path, 'which appears twice'])
    paths.add(file.path)
  }
  for (const file of files) {
    const parts = file.path.split('/')
    const clash = parts.slice(1).map((_, index) => parts.slice(0, index + 1).join('/')).find((folder) => paths.has(folder))
    if (clash !== undefined) throw new InstallTarballUnsafe([id, file.path, `whose folder ${clash} is also a file`])
  }
  return files
}

function refusalOf(header: tar.Header, entries: number): string | undefined {
  if (entries > limits.maxEntries) return `past the limit of ${limits.maxEntries} entries`
  if (header.type !== 'file' && header.type !== 'directory') return header.type === 'symlink' || header.type === 'link' ? 'which is a link' : `which is a ${header.type ?? 'entry of unknown type'}, not a plain file`
  const name = header.name.replace(/^(\.\/)+/, '')
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name) || name.includes('\\')) return 'which is an absolute path'
  if (name.split('/').includes('..')) return 'whose path leaves the package (..)'
  if (header.type === 'file' && (name.endsWith('/') || name === 'package')) return 'which is a file without a name'
  if (!name.startsWith('package/') && !(header.type === 'directory' && name.replace(/\/$/, '') === 'package')) return 'which is outside the package/ folder npm packs into'
  return undefined
}

/** sha512 (hex) of every file, by path: what aether-lock.json records and the host re-checks. */
export function fileHashes(files: PackageFile[]): Record<string, string> {
  return Object.fromEntries(files.map((file) => [file.path, createHash('sha512').update(file.content).digest('hex')]).sort(([a], [b]) => (a as string).localeCompare(b as string)))
}

/**
 * Writes the files into `folder`, replacing what was there: into a temporary folder beside it
 * first, then renamed, so a failed install never leaves half an adapter in place.
 */
export async function writeAdapterFolder(folder: string, files: PackageFile[]): Promise<void> {
  const temporary = `${folder}.${randomUUID()}.tmp`
  try {
    for (const file of files) {
      const target = join(temporary, file.path)
      await mkdir(dirname(target), { recursive: true })
      await writeFile(target, file.content)
    }
    await rm(folder, { recursive: true, force: true })
    await mkdir(dirname(folder), { recursive: true })
    await rename(temporary, folder)
  } finally {
    await rm(temporary, { recursive: true, force: true })
  }
}
