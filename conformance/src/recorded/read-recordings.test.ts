import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { readRecordings } from './read-recordings.js'
import { recordedFetchSchemaText } from './recorded-fetch-schema-text.js'

const scratch = await mkdtemp(join(tmpdir(), 'aether-recordings-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

async function adapterWith(name: string, recorded: unknown, files: Record<string, string> = {}): Promise<string> {
  const folder = join(scratch, name)
  await mkdir(join(folder, 'conformance'), { recursive: true })
  if (recorded !== undefined) await writeFile(join(folder, 'conformance/recorded-fetch.json'), typeof recorded === 'string' ? recorded : JSON.stringify(recorded))
  for (const [path, text] of Object.entries(files)) await writeFile(join(folder, 'conformance', path), text)
  return folder
}
const exchange = (response: Record<string, unknown>) => ({ schema: 'aether.recorded-fetch.v1', exchanges: [{ request: { url: 'https://Feed.Example/a' }, responses: [response] }] })

describe('reading an adapter\'s recorded traffic', () => {
  it('reads bodies from files beside it, with URLs parsed and header names in lower case', async () => {
    const folder = await adapterWith('ok', exchange({ status: 200, headers: { ETag: '"v1"' }, bodyFile: 'body.json' }), { 'body.json': '[1]' })
    expect(await readRecordings(folder)).toEqual({
      file: 'conformance/recorded-fetch.json',
      exchanges: [{ method: 'GET', url: 'https://feed.example/a', headers: {}, responses: [{ status: 200, headers: { etag: '"v1"' }, body: '[1]' }] }],
    })
  })

  it('has no exchanges for an adapter that ships none', async () => {
    expect((await readRecordings(await adapterWith('none', undefined))).exchanges).toEqual([])
  })

  it('refuses, with a coded error saying where, a file not in the format or a body outside the folder', async () => {
    const refused = { code: 'AETHER_E_CONFORMANCE_RECORDINGS_INVALID' }
    await expect(readRecordings(await adapterWith('not-json', '{'))).rejects.toMatchObject({ ...refused, message: expect.stringContaining('it is not JSON') })
    await expect(readRecordings(await adapterWith('bad-status', exchange({ status: 42 })))).rejects.toMatchObject({ ...refused, message: expect.stringContaining('/exchanges/0/responses/0/status') })
    await expect(readRecordings(await adapterWith('escapes', exchange({ status: 200, bodyFile: '../../package.json' })))).rejects.toMatchObject({ ...refused, message: expect.stringContaining('is not a path inside the conformance folder') })
    await expect(readRecordings(await adapterWith('both', exchange({ status: 200, body: 'x', bodyFile: 'x' })))).rejects.toMatchObject({ ...refused, message: expect.stringContaining('has both body and bodyFile') })
  })
})

describe('the recorded traffic format', () => {
  it('is published as the JSON Schema of the TypeBox schema the package exports', async () => {
    expect(await readFile(new URL('../../schema/recorded-fetch.schema.json', import.meta.url), 'utf8')).toBe(recordedFetchSchemaText())
  })
})
