import { recordId, type AetherRecord, type RecordStorage } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** How a backend opens a fresh, migrated store for the shared suite, and closes it. */
export interface StoreFixture {
  store: RecordStorage
  close(): Promise<void>
}

function telemetry(tenant: string, tick: number, extra: Record<string, unknown> = {}): AetherRecord {
  const header = { source: 'spot-trace', sourceEventId: `us-east1-b/c3/${tick}`, contract: 'telemetry.v1' }
  return {
    ...header, id: recordId(header), tenant, timestamp: new Date(Date.UTC(2023, 3, 30, 0, 0, tick * 30)).toISOString(),
    region: 'us-east1', zone: 'us-east1-b', pool: 'c3-highcpu-88', metric: 'spot_available', value: tick % 2, ...extra,
  }
}

/**
 * The behaviour every storage backend must have. Each backend's test file calls this with its
 * own way of opening a store, so PGlite and PostgreSQL are held to the same specification.
 */
export function describeRecordStore(backend: string, open: () => Promise<StoreFixture>): void {
  describe(`record store on ${backend}`, () => {
    let fixture: StoreFixture
    beforeAll(async () => { fixture = await open() })
    afterAll(async () => { await fixture.close() })

    it('writes a batch and reports every record as inserted', async () => {
      const batch = [0, 1, 2].map((tick) => telemetry('write', tick))
      expect(await fixture.store.writeBatch('write', batch)).toEqual({ inserted: 3, duplicates: 0, actionsEnqueued: 0 })
    })

    it('writes nothing when the same batch is written again', async () => {
      const batch = [0, 1, 2].map((tick) => telemetry('replay', tick))
      await fixture.store.writeBatch('replay', batch)
      expect(await fixture.store.writeBatch('replay', batch)).toEqual({ inserted: 0, duplicates: 3, actionsEnqueued: 0 })
      expect(await fixture.store.countByContract('replay')).toEqual({ 'telemetry.v1': 3 })
    })

    it('writes only the new records of a batch that overlaps stored ones', async () => {
      await fixture.store.writeBatch('overlap', [0, 1].map((tick) => telemetry('overlap', tick)))
      expect(await fixture.store.writeBatch('overlap', [1, 2, 3].map((tick) => telemetry('overlap', tick))))
        .toEqual({ inserted: 2, duplicates: 1, actionsEnqueued: 0 })
    })

    it('counts a record repeated inside one batch once', async () => {
      const record = telemetry('inside', 7)
      expect(await fixture.store.writeBatch('inside', [record, record])).toEqual({ inserted: 1, duplicates: 1, actionsEnqueued: 0 })
    })

    it('keeps the same record id of two tenants apart', async () => {
      await fixture.store.writeBatch('tenant-a', [telemetry('tenant-a', 1)])
      expect(await fixture.store.writeBatch('tenant-b', [telemetry('tenant-b', 1)])).toEqual({ inserted: 1, duplicates: 0, actionsEnqueued: 0 })
    })

    it('returns a tenant\'s records of one contract in a time window, oldest first', async () => {
      await fixture.store.writeBatch('window', [5, 1, 3, 9].map((tick) => telemetry('window', tick)))
      const found = await fixture.store.queryWindow({
        tenant: 'window', contract: 'telemetry.v1', from: '2023-04-30T00:00:30Z', to: '2023-04-30T00:04:00Z',
      })
      expect(found.map((record) => record.timestamp)).toEqual([
        '2023-04-30T00:00:30.000Z', '2023-04-30T00:01:30.000Z', '2023-04-30T00:02:30.000Z',
      ])
      expect(found[0]).toEqual(telemetry('window', 1))
    })

    it('never returns another tenant\'s records from a window query', async () => {
      await fixture.store.writeBatch('mine', [telemetry('mine', 1)])
      await fixture.store.writeBatch('theirs', [telemetry('theirs', 2)])
      const found = await fixture.store.queryWindow({ tenant: 'mine', contract: 'telemetry.v1', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })
      expect(found.map((record) => record.tenant)).toEqual(['mine'])
    })

    it('refuses a batch holding another tenant\'s record, and writes none of it', async () => {
      const batch = [telemetry('solo', 1), telemetry('intruder', 2)]
      await expect(fixture.store.writeBatch('solo', batch)).rejects.toThrow(
        `A batch for tenant "solo" holds record ${batch[1]?.id} of tenant "intruder"; write each tenant's records separately.`)
      expect(await fixture.store.countByContract('solo')).toEqual({})
    })

    it('stores SQL-looking text as data', async () => {
      await fixture.store.writeBatch('bystander', [0, 1, 2].map((tick) => telemetry('bystander', tick)))
      const hostile = telemetry('hostile', 1, { region: "us'); DROP TABLE records; --", pool: '$1 $2 ::jsonb' })
      await fixture.store.writeBatch('hostile', [hostile])
      const [stored] = await fixture.store.queryWindow({ tenant: 'hostile', contract: 'telemetry.v1', from: '2000-01-01T00:00:00Z', to: '2100-01-01T00:00:00Z' })
      expect(stored).toEqual(hostile)
      // Had the text run as SQL, the rows written before it would be gone.
      expect(await fixture.store.countByContract('bystander')).toEqual({ 'telemetry.v1': 3 })
    })

    it('stores an invalid record by the time it was received', async () => {
      const invalid: AetherRecord = {
        id: 'f'.repeat(32), tenant: 'invalid', contract: 'invalid.v1', claimedContract: 'telemetry.v1',
        receivedAt: '2024-04-11T20:00:00.000Z', stage: 'validator:contract', reason: 'value is not a number',
        issues: [{ path: '/value', message: 'Expected number' }], original: { value: null },
      }
      await fixture.store.writeBatch('invalid', [invalid])
      const found = await fixture.store.queryWindow({ tenant: 'invalid', contract: 'invalid.v1', from: '2024-04-11T00:00:00Z', to: '2024-04-12T00:00:00Z' })
      expect(found).toEqual([invalid])
    })

    it('refuses a record without a usable time, saying which', async () => {
      const untimed = { ...telemetry('untimed', 1), timestamp: 'soon' }
      await expect(fixture.store.writeBatch('untimed', [untimed])).rejects.toThrow(
        `Record ${untimed.id} (telemetry.v1) has no valid "timestamp" or "receivedAt"`)
    })

    it('answers a ping', async () => {
      await expect(fixture.store.ping()).resolves.toBeUndefined()
    })
  })
}
