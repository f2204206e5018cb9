import { recordId, type AetherRecord } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqlRecordStore } from '../src/record-store.js'
import type { SqlExecutor } from '../src/sql-executor.js'
import { LegalHoldExists, LegalHoldUnknown, TimeWindowReversed } from '../src/errors.js'

const now = new Date('2024-01-01T00:00:00Z')
const daysAgo = (days: number): string => new Date(now.getTime() - days * 86_400_000).toISOString()

function sample(tenant: string, n: number, at: string): AetherRecord {
  const header = { source: 'spot-trace', sourceEventId: `tick-${n}`, contract: 'telemetry.v1' }
  return { ...header, id: recordId(header), tenant, timestamp: at, region: 'us-east1', pool: 'c3', metric: 'spot_available', value: 1 }
}

function decision(tenant: string, n: number, at: string): AetherRecord {
  const header = { source: 'policy:threshold', sourceEventId: `forecast-${n}`, contract: 'decision.v1' }
  return {
    ...header, id: recordId(header), tenant, timestamp: at, region: 'us-east1', pool: 'c3', forecastId: 'f'.repeat(32),
    action: 'hold', probability: 0.1, confidence: 0.9, policy: 'threshold@1', explanation: 'hold',
  }
}

/** Retention and garbage collection, the same on every backend. */
export function describeRetention(backend: string, open: () => Promise<{ executor: SqlExecutor; close(): Promise<void> }>): void {
  describe(`retention on ${backend}`, () => {
    let fixture: { executor: SqlExecutor; close(): Promise<void> }
    let store: SqlRecordStore
    beforeAll(async () => {
      fixture = await open()
      store = new SqlRecordStore(fixture.executor, backend)
    })
    afterAll(async () => { await fixture.close() })

    it('deletes what is older than 90 days by default, in bounded batches, and keeps the rest', async () => {
      await store.writeBatch('gc', [
        ...Array.from({ length: 25 }, (_, n) => sample('gc', n, daysAgo(100 + n))),
        ...Array.from({ length: 5 }, (_, n) => sample('gc', 100 + n, daysAgo(10))),
      ])
      const outcome = await store.retention.collect('gc', { now, batchSize: 10 })
      expect(outcome).toEqual({ tenant: 'gc', ttlDays: 90, cutoff: daysAgo(90), deleted: 25, batches: 3 })
      expect(await store.countByContract('gc')).toEqual({ 'telemetry.v1': 5 })
    })

    it('uses the tenant\'s own TTL, and records the change in the audit ledger', async () => {
      await store.writeBatch('short', [sample('short', 1, daysAgo(40)), sample('short', 2, daysAgo(20))])
      await store.retention.setTtlDays('short', 30, 'admin:ana')
      expect((await store.retention.collect('short', { now })).deleted).toBe(1)
      const entries = await store.ledger.entries('short')
      expect(entries.map((e) => [e.kind, e.subject])).toEqual([['policy-change', 'retention'], ['admin-action', 'retention-gc']])
    })

    it('keeps records inside a legal hold, and collects them once the hold is released', async () => {
      await store.writeBatch('held', [sample('held', 1, daysAgo(200)), sample('held', 2, daysAgo(300))])
      await store.retention.placeHold('held', { id: 'case-7', from: daysAgo(210), to: daysAgo(190), reason: 'litigation' }, 'legal:lee')
      expect((await store.retention.collect('held', { now })).deleted).toBe(1)
      expect(await store.countByContract('held')).toEqual({ 'telemetry.v1': 1 })
      await store.retention.releaseHold('held', 'case-7', 'legal:lee')
      expect((await store.retention.collect('held', { now })).deleted).toBe(1)
    })

    it('refuses a hold whose window does not end after it starts, placing and recording nothing', async () => {
      await store.writeBatch('reversed', [sample('reversed', 1, daysAgo(10))])
      const reversed = { id: 'case-8', from: daysAgo(5), to: daysAgo(6), reason: 'typo' }
      await expect(store.retention.placeHold('reversed', reversed, 'legal:lee')).rejects.toThrow(TimeWindowReversed)
      await expect(store.retention.placeHold('reversed', { ...reversed, to: reversed.from }, 'legal:lee')).rejects.toThrow(TimeWindowReversed)
      expect(await store.retention.holds('reversed')).toEqual([])
      expect(await store.ledger.entries('reversed')).toEqual([])
    })

    it('refuses a second hold with an id the tenant has, keeping the first and recording nothing', async () => {
      const first = { id: 'case-9', from: daysAgo(200), to: daysAgo(190), reason: 'litigation' }
      await store.retention.placeHold('twice-held', first, 'legal:lee')
      const again = store.retention.placeHold('twice-held', { ...first, from: daysAgo(100), to: daysAgo(90) }, 'legal:kim')
      await expect(again).rejects.toThrow(LegalHoldExists)
      await expect(again).rejects.toThrow(`already has a legal hold "case-9" (${first.from} to ${first.to})`)
      expect(await store.retention.holds('twice-held')).toEqual([first])
      expect((await store.ledger.entries('twice-held')).map((e) => e.actor)).toEqual(['legal:lee'])
    })

    it('refuses to release a hold the tenant does not have, naming those it has, and records nothing', async () => {
      await store.retention.placeHold('released', { id: 'case-10', from: daysAgo(20), to: daysAgo(10), reason: 'audit' }, 'legal:lee')
      const release = store.retention.releaseHold('released', 'case-01', 'legal:lee')
      await expect(release).rejects.toThrow(LegalHoldUnknown)
      await expect(release).rejects.toThrow('Tenant "released" has no legal hold "case-01"; nothing was released. Its holds: case-10.')
      expect(await store.ledger.entries('released')).toHaveLength(1)
      expect(await store.retention.releaseHold('released', 'case-10', 'legal:lee')).toMatchObject({ id: 'case-10', reason: 'audit' })
      await expect(store.retention.releaseHold('released', 'case-10', 'legal:lee')).rejects.toThrow('The tenant has no holds.')
    })

    it('keeps an old decision until an anchor covers its audit entry, and never deletes audit entries', async () => {
      await store.writeBatch('decided', [decision('decided', 1, daysAgo(120))])
      expect((await store.retention.collect('decided', { now })).deleted).toBe(0)
      await store.ledger.anchor('decided')
      expect((await store.retention.collect('decided', { now })).deleted).toBe(1)
      expect((await store.ledger.entries('decided')).filter((e) => e.kind === 'decision')).toHaveLength(1)
      expect(await store.ledger.verify('decided')).toBeUndefined()
    })

    it('collects one tenant without touching another', async () => {
      await store.writeBatch('mine', [sample('mine', 1, daysAgo(365))])
      await store.writeBatch('yours', [sample('yours', 1, daysAgo(365))])
      await store.retention.collect('mine', { now })
      expect(await store.countByContract('yours')).toEqual({ 'telemetry.v1': 1 })
    })
  })
}
