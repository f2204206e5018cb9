import { Readable } from 'node:stream'
import { createGunzip } from 'node:zlib'
import tar from 'tar-stream'

/** What a published tarball may hold at most, unpacked; beyond it the publish is refused. */
export const unpackedLimits = { maxBytes: 100 * 1024 * 1024, maxEntries: 10_000 }

/** Why a tarball was refused, and the entry concerned (`(archive)` for the whole). */
export class TarballEntryProblem extends Error {
  constructor(readonly entry: string, message: string) {
    super(message)
  }
}

/** Whether `entry` (a path in the archive) is a file the registry may wish to read. */
export type WantedFile = (entry: string) => boolean

/**
 * Lists a gzipped npm tarball's entries with tar-stream, never writing a file, and refuses it
 * (TarballEntryProblem) at the first entry that would escape or surprise whoever unpacks it: a
 * `..` segment, an absolute or Windows path, a hard or symbolic link, a device or fifo; or when it
 * unpacks to more than `unpackedLimits`. Returns the content of the plain files `wanted` picks
 * (small ones: each is kept in memory up to `maxWantedBytes`). Throws a plain Error when the
 * bytes are not a gzipped tar archive.
 */
export async function inspectTarball(tarball: Buffer, wanted: WantedFile, maxWantedBytes = 256 * 1024, limits = unpackedLimits): Promise<Map<string, Buffer>> {
  const extract = tar.extract()
  const found = new Map<string, Buffer>()
  const done = new Promise<Map<string, Buffer>>((resolve, reject) => {
    let entries = 0
    extract.on('entry', (header, stream, next) => {
      entries += 1
      // Destroying the archive (a refused entry, a gzip bomb) errors the open entry's stream
      // too; the archive's error is the one reported.
      stream.on('error', () => undefined)
      const problem = entries > limits.maxEntries ? `is past the ${limits.maxEntries} entries this registry accepts` : entryProblem(header)
      if (problem !== undefined) {
        extract.destroy(new TarballEntryProblem(header.name, problem))
        return
      }
      const keep = header.type === 'file' && wanted(header.name)
      const chunks: Buffer[] = []
      let size = 0
      stream.on('data', (chunk: unknown) => {
        if (!Buffer.isBuffer(chunk)) return
        size += chunk.length
        if (keep && size <= maxWantedBytes) chunks.push(chunk)
      })
      stream.on('end', () => {
        if (keep && size <= maxWantedBytes) found.set(header.name, Buffer.concat(chunks))
        next()
      })
      stream.resume()
    })
    extract.on('finish', () => resolve(found))
    extract.on('error', reject)
  })
  const gunzip = createGunzip()
  let unpacked = 0
  gunzip.on('data', (chunk: Buffer) => {
    unpacked += chunk.length
    // A small archive of zeros can unpack to gigabytes: stop reading past the limit.
    if (unpacked > limits.maxBytes) gunzip.destroy(new TarballEntryProblem('(archive)', `unpacks to more than the ${limits.maxBytes} bytes this registry accepts`))
  })
  gunzip.on('error', (error) => extract.destroy(error instanceof TarballEntryProblem ? error : new Error(`it is not a gzipped tar archive (${error.message})`, { cause: error })))
  Readable.from([tarball]).pipe(gunzip).pipe(extract)
  return done
}

/** What is wrong with one entry, in words that follow its name; undefined when nothing is. */
function entryProblem(header: tar.Header): string | undefined {
  const name = header.name
  if (header.type === 'link') return `is a hard link (to "${header.linkname ?? ''}")`
  if (header.type === 'symlink') return `is a symbolic link (to "${header.linkname ?? ''}")`
  if (header.type !== 'file' && header.type !== 'directory' && header.type !== 'contiguous-file') return `is a ${header.type ?? 'kind of entry tar does not name'}, not a plain file or folder`
  if (name.startsWith('/') || /^[A-Za-z]:/.test(name)) return 'has an absolute path'
  if (name.includes('\\')) return 'has a backslash in its path (a Windows path)'
  if (name.split('/').includes('..')) return 'has a path that leads out of the package (a ".." segment)'
  return undefined
}
