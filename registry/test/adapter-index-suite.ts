import { createHash } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gzipSync } from 'node:zlib'
import tar from 'tar-stream'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PackageStore } from '../src/npm/package-store.js'
import type { Publication } from '../src/npm/publish-body.js'
import { readAdapterFacts } from '../src/npm/read-adapter-manifest.js'
import { AdapterIndex } from '../src/search/adapter-index.js'
import { listPackages } from '../src/search/listed-package.js'
import { BlobStore } from '../src/storage/blob-store.js'
import type { RegistryStorage } from '../src/storage/open-registry-storage.js'

/** A gzipped npm-style tarball (everything under package/) of `files`. */
async function tarball(files: Record<string, string>): Promise<Buffer> {
  const pack = tar.pack()
  for (const [name, content] of Object.entries(files)) pack.entry({ name: `package/${name}` }, content)
  pack.finalize()
  const chunks: Buffer[] = []
  for await (const chunk of pack) chunks.push(chunk as Buffer)
  return gzipSync(Buffer.concat(chunks))
}

async function publication(name: string, version: string, files: Record<string, string>, readme?: string): Promise<Publication> {
  const bytes = await tarball({ 'package.json': JSON.stringify({ name, version }), ...files })
  return {
    name, version, manifest: { name, version, description: `${name} described`, ...(readme === undefined ? {} : { readme }) }, tarball: bytes,
    sha512: createHash('sha512').update(bytes).digest('hex'), shasum: createHash('sha1').update(bytes).digest('hex'), tags: ['latest'],
  }
}

/** The search index over real tables and real tarballs (PostgreSQL here; the PGlite path runs in search.isolated-vm.test.ts). */
export function adapterIndexSuite(backend: string, open: () => Promise<RegistryStorage>): void {
  describe(`the search index on ${backend}`, () => {
    let storage: RegistryStorage
    let blobs: BlobStore
    let folder: string
    beforeAll(async () => {
      storage = await open()
      folder = await mkdtemp(join(tmpdir(), 'aether-adapter-index-'))
      blobs = new BlobStore(folder)
    })
    afterAll(async () => {
      await storage?.close()
      await rm(folder, { recursive: true, force: true })
    })

    it('reads each new version once from its tarball: kind, engine and capabilities; a plain package has no kind', async () => {
      const packages = new PackageStore(storage.executor)
      const manifest = JSON.stringify({ kind: 'enricher', version: '1.0.0', engine: '^0.1.0', capabilities: ['kv', 'fetch:api.example.com'] })
      const releases = [
        await publication('@index/adapter', '1.0.0', { 'aether-adapter.json': manifest }, '# Adapter'),
        await publication('index-plain', '2.0.0', { 'index.js': 'export {}' }, 'ERROR: No README data found!'),
      ]
      for (const release of releases) {
        await blobs.put(release.tarball)
        await packages.publish(release, await readAdapterFacts(release.tarball))
      }
      const index = new AdapterIndex(storage.executor, blobs)
      expect(await index.catchUp()).toBe(2)
      expect(await index.catchUp()).toBe(0)
      expect(await index.kinds()).toEqual(['enricher'])

      const listed = await listPackages(storage.executor)
      expect(listed.map((one) => [one.name, one.kind, one.engine, one.capabilities, one.state, one.readme])).toEqual([
        ['@index/adapter', 'enricher', '^0.1.0', ['fetch:api.example.com', 'kv'], 'submitted', '# Adapter'],
        ['index-plain', null, null, [], null, ''],
      ])
      expect((await listPackages(storage.executor, 'index')).map((one) => one.name)).toEqual(['@index/adapter'])
      // LIKE's wildcards in a publisher name match only themselves.
      expect(await listPackages(storage.executor, 'ind%')).toEqual([])
    })
  })
}
