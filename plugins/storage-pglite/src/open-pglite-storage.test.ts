import { recordId } from '@aether/plugin-api'
import { bundledMigrations } from '@aether/storage-sql'
import { describe, expect, it } from 'vitest'
import { openPgliteStorage } from './open-pglite-storage.js'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

describe('openPgliteStorage', () => {
  it('keeps records in its directory across restarts and migrates only once', async () => {
    const dir = await temporaryDirectory('aether-pglite-')
    const header = { source: 's', sourceEventId: 'e', contract: 'signal.v1' }
    const record = { ...header, id: recordId(header), tenant: 't', timestamp: '2023-05-01T00:00:00Z', region: 'us-east1', severity: 'low', summary: 'x' }
    const first = await openPgliteStorage(dir)
    await first.store.writeBatch('t', [record])
    await first.close()
    const second = await openPgliteStorage(dir)
    expect(await second.store.countByContract('t')).toEqual({ 'signal.v1': 1 })
    const { rows } = await second.executor.query<{ n: number }>('SELECT count(*)::int AS n FROM aether_migrations')
    expect(rows[0]?.n).toBe((await bundledMigrations()).length)
    expect(second.store.describe()).toBe(`PGlite at ${dir}`)
    await second.close()
  })
})
