import { recordId, type AetherRecord } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { SqlAuditLedger } from '../src/audit/audit-ledger.js'
import { contentHash } from '../src/audit/audit-chain.js'
import type { SqlExecutor } from '../src/sql-executor.js'
import type { StoreFixture } from './record-store-suite.js'

function decision(tenant: string, n: number): AetherRecord {
  const header = { source: 'policy:threshold', sourceEventId: `forecast-${n}`, contract: 'decision.v1' }
  return {
    ...header, id: recordId(header), tenant, timestamp: '2023-05-01T00:00:00.000Z', region: 'us-east1', pool: 'c3',
    forecastId: 'f'.repeat(32), action: 'migrate', probability: 0.6, confidence: 0.7, policy: 'threshold@1', explanation: 'migrate',
  }
}

function telemetry(tenant: string): AetherRecord {
  const header = { source: 'spot-trace', sourceEventId: 'tick-1', contract: 'telemetry.v1' }
  return { ...header, id: recordId(header), tenant, timestamp: '2023-05-01T00:00:00.000Z', region: 'us-east1', pool: 'c3', metric: 'spot_available', value: 1 }
}

/** The audit ledger's behaviour on a real database: chaining, anchoring, and catching edits made behind its back. */
export function describeAuditLedger(backend: string, open: () => Promise<StoreFixture & { executor: SqlExecutor }>): void {
  describe(`audit ledger on ${backend}`, () => {
    let fixture: StoreFixture & { executor: SqlExecutor }
    let ledger: SqlAuditLedger
    beforeAll(async () => {
      fixture = await open()
      ledger = new SqlAuditLedger(fixture.executor)
    })
    afterAll(async () => { await fixture.close() })

    it('chains the entries of each tenant from 1', async () => {
      const entries = await ledger.append('chain', [
        { kind: 'policy-change', actor: 'admin:ana', subject: 'threshold', payload: { migrateAt: 0.5 } },
        { kind: 'admin-action', actor: 'admin:ana', subject: 'retention', payload: { ttlDays: 30 } },
      ])
      expect(entries.map((e) => e.seq)).toEqual([1, 2])
      expect(entries[1]?.prevHash).toBe(entries[0]?.hash)
      expect((await ledger.append('other-chain', [{ kind: 'admin-action', actor: 'a', subject: 's', payload: {} }]))[0]?.seq).toBe(1)
      expect(await ledger.verify('chain')).toBeUndefined()
    })

    it('appends an entry for every new decision, with its content hash, and none on replay', async () => {
      const decisions = [decision('decisions', 1), decision('decisions', 2)]
      await fixture.store.writeBatch('decisions', decisions)
      await fixture.store.writeBatch('decisions', decisions)
      const entries = await ledger.entries('decisions')
      expect(entries.map((e) => [e.kind, e.subject])).toEqual([['decision', decisions[0]?.id], ['decision', decisions[1]?.id]])
      expect(entries[0]?.payload).toEqual({ contentHash: contentHash(decisions[0]), action: 'migrate', forecastId: 'f'.repeat(32) })
    })

    it('appends entries only for the decisions a partly stored batch adds', async () => {
      const [first, second, third] = [1, 2, 3].map((n) => decision('partly', n)) as [AetherRecord, AetherRecord, AetherRecord]
      await fixture.store.writeBatch('partly', [first])
      expect(await fixture.store.writeBatch('partly', [first, second, third])).toEqual({ inserted: 2, duplicates: 1, actionsEnqueued: 0 })
      expect((await ledger.entries('partly')).map((e) => e.subject)).toEqual([first.id, second.id, third.id])
      expect(await ledger.verify('partly')).toBeUndefined()
    })

    it('appends one entry for a decision that is twice in one batch', async () => {
      const twice = decision('twice', 1)
      expect(await fixture.store.writeBatch('twice', [twice, decision('twice', 2), twice])).toEqual({ inserted: 2, duplicates: 1, actionsEnqueued: 0 })
      expect((await ledger.entries('twice')).map((e) => e.subject)).toEqual([twice.id, decision('twice', 2).id])
    })

    it('anchors the entries since the last anchor with their Merkle root', async () => {
      await ledger.append('anchored', [1, 2, 3].map((n) => ({ kind: 'admin-action', actor: 'a', subject: `s${n}`, payload: { n } })))
      expect(await ledger.anchor('anchored')).toMatchObject({ fromSeq: 1, toSeq: 3 })
      expect(await ledger.anchor('anchored')).toBeUndefined()
      await ledger.append('anchored', [{ kind: 'admin-action', actor: 'a', subject: 's4', payload: {} }])
      expect(await ledger.anchor('anchored')).toMatchObject({ fromSeq: 4, toSeq: 4 })
      expect(await ledger.verify('anchored')).toBeUndefined()
    })

    it('detects an entry edited in the database, naming it', async () => {
      await ledger.append('edited', [1, 2, 3].map((n) => ({ kind: 'admin-action', actor: 'a', subject: `s${n}`, payload: { n } })))
      // As the table owner, outside the application role: what an intruder with database access could do.
      await fixture.executor.query(`UPDATE audit_entries SET payload = '{"n": 20}' WHERE tenant = 'edited' AND seq = 2`)
      expect(await ledger.verify('edited')).toEqual({ seq: 2, problem: 'entry #2 was changed: its hash does not match its content' })
    })

    it('detects a deleted entry', async () => {
      await ledger.append('deleted', [1, 2, 3].map((n) => ({ kind: 'admin-action', actor: 'a', subject: `s${n}`, payload: { n } })))
      await fixture.executor.query(`DELETE FROM audit_entries WHERE tenant = 'deleted' AND seq = 2`)
      expect(await ledger.verify('deleted')).toEqual({ seq: 3, problem: 'entry #3 follows #1: entries are missing or out of order' })
      await fixture.executor.query(`DELETE FROM audit_entries WHERE tenant = 'deleted' AND seq = 1`)
      expect(await ledger.verify('deleted')).toEqual({ seq: 1, problem: 'entry #1 is missing; the chain starts at #3' })
    })

    it('names the last entry when it was deleted after an anchor covered it', async () => {
      await ledger.append('cut-short', [1, 2, 3].map((n) => ({ kind: 'admin-action', actor: 'a', subject: `s${n}`, payload: { n } })))
      await ledger.anchor('cut-short')
      await fixture.executor.query(`DELETE FROM audit_entries WHERE tenant = 'cut-short' AND seq = 3`)
      expect(await ledger.verify('cut-short'))
        .toEqual({ seq: 3, problem: 'the chain ends at entry #2 but the latest anchor covers up to #3: entry #3 is missing' })
    })

    it('says how many entries the latest anchor covers and how many come after it, unprovable', async () => {
      await ledger.append('coverage', [1, 2, 3].map((n) => ({ kind: 'admin-action', actor: 'a', subject: `s${n}`, payload: { n } })))
      expect(await ledger.verdict('coverage'))
        .toEqual({ tenant: 'coverage', isValid: true, entries: 3, anchors: 0, anchoredThroughSeq: 0, unanchored: 3 })
      await ledger.anchor('coverage')
      await ledger.append('coverage', [{ kind: 'admin-action', actor: 'a', subject: 's4', payload: {} }])
      expect(await ledger.verdict('coverage'))
        .toEqual({ tenant: 'coverage', isValid: true, entries: 4, anchors: 1, anchoredThroughSeq: 3, unanchored: 1 })
    })

    it('commits what a transaction appends and anchors only when its work succeeds', async () => {
      const failed = ledger.transaction('all-or-none', async (tx) => {
        await tx.append([{ kind: 'evidence-export', actor: 'a', subject: 'x', payload: {} }])
        await tx.anchor()
        throw new Error('the file could not be written')
      })
      await expect(failed).rejects.toThrow('the file could not be written')
      expect(await ledger.entries('all-or-none')).toEqual([])
      expect(await ledger.anchors('all-or-none')).toEqual([])
      await ledger.transaction('all-or-none', async (tx) => {
        await tx.append([{ kind: 'evidence-export', actor: 'a', subject: 'x', payload: {} }])
        expect((await tx.anchor())?.toSeq).toBe(1)
      })
      expect(await ledger.verdict('all-or-none')).toMatchObject({ isValid: true, entries: 1, anchors: 1, unanchored: 0 })
    })

    it('knows a tenant by its records or its audit entries, and no other', async () => {
      await fixture.store.writeBatch('known-by-records', [telemetry('known-by-records')])
      await ledger.append('known-by-entries', [{ kind: 'admin-action', actor: 'a', subject: 's', payload: {} }])
      expect(await ledger.hasTenant('known-by-records')).toBe(true)
      expect(await ledger.hasTenant('known-by-entries')).toBe(true)
      expect(await ledger.hasTenant('known-by-nothing')).toBe(false)
      // The tests connect as a superuser, who sees every tenant's rows.
      expect(await ledger.tenants()).toEqual(expect.arrayContaining(['known-by-entries', 'known-by-records']))
      expect(await ledger.tenants()).not.toContain('known-by-nothing')
    })

    it('keeps appends of one tenant in one unbroken chain when they race', async () => {
      await Promise.all(Array.from({ length: 8 }, (_, n) =>
        ledger.append('racing', [{ kind: 'admin-action', actor: 'a', subject: `s${n}`, payload: { n } }])))
      expect((await ledger.entries('racing')).map((e) => e.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8])
      expect(await ledger.verify('racing')).toBeUndefined()
    })
  })
}
