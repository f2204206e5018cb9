import { recordId, type AetherRecord } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { SqlExecutor } from '../src/sql-executor.js'
import { applicationRole, inTenantScope } from '../src/tenant-scope.js'
import type { StoreFixture } from './record-store-suite.js'

function signal(tenant: string, n: number): AetherRecord {
  const header = { source: 'gcp-status', sourceEventId: `incident-${n}/us-east1`, contract: 'signal.v1' }
  return { ...header, id: recordId(header), tenant, timestamp: '2023-05-01T00:00:00Z', region: 'us-east1', severity: 'low', summary: `#${n}` }
}

const tenants = ['alpha', 'beta'] as const

/**
 * Row-level security, checked in the database itself: for every pair of tenants, every
 * cross-tenant read and write is refused, even by SQL that names no tenant at all.
 */
export function describeTenantIsolation(backend: string, open: () => Promise<StoreFixture & { executor: SqlExecutor }>): void {
  describe(`tenant isolation on ${backend}`, () => {
    let fixture: StoreFixture & { executor: SqlExecutor }
    const scoped = <T>(tenant: string, work: (tx: SqlExecutor) => Promise<T>): Promise<T> => inTenantScope(fixture.executor, tenant, work)

    beforeAll(async () => {
      fixture = await open()
      for (const tenant of tenants) await fixture.store.writeBatch(tenant, [signal(tenant, 1), signal(tenant, 2)])
    })
    afterAll(async () => { await fixture.close() })

    it('shows a query that forgets its WHERE clause only the scoped tenant\'s rows', async () => {
      for (const tenant of tenants) {
        const { rows } = await scoped(tenant, (tx) => tx.query<{ tenant: string }>('SELECT tenant FROM records'))
        expect(rows.map((row) => row.tenant)).toEqual([tenant, tenant])
      }
    })

    for (const reader of tenants) {
      for (const owner of tenants.filter((t) => t !== reader)) {
        it(`refuses ${reader} a read of ${owner}'s rows`, async () => {
          const { rows } = await scoped(reader, (tx) => tx.query('SELECT id FROM records WHERE tenant = $1', [owner]))
          expect(rows).toEqual([])
        })

        it(`refuses ${reader} an insert of a row for ${owner}`, async () => {
          await expect(scoped(reader, (tx) => tx.query(
            `INSERT INTO records (tenant, id, contract, observed_at, body) VALUES ($1, 'x', 'signal.v1', now(), '{}')`, [owner],
          ))).rejects.toThrow(/row-level security/)
        })

        it(`refuses ${reader} an update of ${owner}'s rows`, async () => {
          await expect(scoped(reader, (tx) => tx.query(`UPDATE records SET body = '{}' WHERE tenant = $1`, [owner])))
            .rejects.toThrow(/permission denied/)
        })

        it(`refuses ${reader} a delete of ${owner}'s rows`, async () => {
          const { rowCount } = await scoped(reader, (tx) => tx.query('DELETE FROM records WHERE tenant = $1', [owner]))
          expect(rowCount).toBe(0)
          expect(await fixture.store.countByContract(owner)).toEqual({ 'signal.v1': 2 })
        })
      }
    }

    it('shows nothing to a transaction that set no tenant', async () => {
      const { rows } = await fixture.executor.transaction(async (tx) => {
        await tx.query("SELECT set_config('role', $1, true)", [applicationRole])
        return tx.query('SELECT id FROM records')
      })
      expect(rows).toEqual([])
    })

    it('stores a tenant id that looks like SQL as plain data, matching nothing else', async () => {
      const { rows } = await scoped("alpha' OR '1'='1", (tx) => tx.query('SELECT id FROM records'))
      expect(rows).toEqual([])
    })

    it('forces row-level security on every table that holds tenant data', async () => {
      const { rows } = await fixture.executor.query<{ name: string; isEnabled: boolean; isForced: boolean }>(
        `SELECT c.relname AS name, c.relrowsecurity AS "isEnabled", c.relforcerowsecurity AS "isForced"
         FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_attribute a ON a.attrelid = c.oid
         WHERE n.nspname = 'public' AND c.relkind = 'r' AND a.attname = 'tenant' ORDER BY c.relname`)
      expect(rows.map((row) => row.name)).toEqual(
        ['actions', 'adapter_cursors', 'adapter_kv', 'adapter_kv_spaces', 'audit_anchors', 'audit_entries', 'events', 'legal_holds',
          'model_lifecycle_events', 'model_lifecycle_versions', 'model_lifecycles',
          'move_admissions', 'records', 'retention_policies', 'snapshots'])
      expect(rows.every((row) => row.isEnabled && row.isForced)).toBe(true)
    })

    it('runs tenant work as a role that does not own the tables', async () => {
      const { rows } = await scoped('alpha', (tx) => tx.query<{ owner: string; me: string }>(
        "SELECT tableowner AS owner, current_user AS me FROM pg_tables WHERE tablename = 'records'"))
      expect(rows[0]?.me).toBe(applicationRole)
      expect(rows[0]?.owner).not.toBe(applicationRole)
    })
  })
}
