import { recordId, StorageRecordsRefused, type AetherRecord } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { StoreFixture } from './record-store-suite.js'

function telemetry(tenant: string, tick: number, extra: Record<string, unknown> = {}): AetherRecord {
  const header = { source: 'spot-trace', sourceEventId: `us-east1-b/c3/${tick}`, contract: 'telemetry.v1' }
  return {
    ...header, id: recordId(header), tenant, timestamp: new Date(Date.UTC(2023, 3, 30, 0, 0, tick * 30)).toISOString(),
    region: 'us-east1', pool: 'c3-highcpu-88', metric: 'spot_available', value: 1, ...extra,
  }
}

/**
 * How every backend refuses a batch for its data: with StorageRecordsRefused (so the sink can
 * find the records at fault), naming the database's reason, and writing none of the batch.
 */
export function describeRefusals(backend: string, open: () => Promise<StoreFixture>): void {
  describe(`refusals of data on ${backend}`, () => {
    let fixture: StoreFixture
    beforeAll(async () => { fixture = await open() })
    afterAll(async () => { await fixture.close() })

    const refusals: Array<[string, Record<string, unknown>, RegExp]> = [
      ['NUL in a text column', { region: 'us-\u0000east1' }, /SQLSTATE 22P05/],
      ['NUL inside the JSON body', { note: 'a\u0000b' }, /SQLSTATE 22P05/],
      ['a lone surrogate', { note: 'a\uD800b' }, /SQLSTATE 22/],
      ['a time the database cannot hold', { timestamp: '+275760-09-13T00:00:00.000Z' }, /SQLSTATE 22/],
      ['no usable time', { timestamp: 'soon' }, /AETHER_E_STORAGE_RECORD_UNTIMED|no valid "timestamp"/],
    ]
    for (const [what, extra, reason] of refusals) {
      it(`refuses a batch holding ${what}, saying why, and writes none of it`, async () => {
        const tenant = `refuse-${refusals.findIndex(([name]) => name === what)}`
        const batch = [telemetry(tenant, 0), telemetry(tenant, 1, extra), telemetry(tenant, 2)]
        const error = await fixture.store.writeBatch(tenant, batch).then(() => undefined, (caught: unknown) => caught)
        expect(StorageRecordsRefused.is(error)).toBe(true)
        expect((error as Error).message).toMatch(reason)
        expect(await fixture.store.countByContract(tenant)).toEqual({})
      })
    }

    it('does not call a replay a refusal: records already stored are skipped', async () => {
      const batch = [telemetry('refuse-replay', 0), telemetry('refuse-replay', 1)]
      await fixture.store.writeBatch('refuse-replay', batch)
      expect(await fixture.store.writeBatch('refuse-replay', batch)).toEqual({ inserted: 0, duplicates: 2, actionsEnqueued: 0 })
    })
  })
}
