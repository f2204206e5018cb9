import { recordId, validateConfig, type AetherRecord } from '@aether/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { PostgresStorageConfig } from '../../src/config.js'
import { openPostgresStorage, type PostgresStorage } from '../../src/open-postgres-storage.js'
import { freshDatabase, type FreshDatabase } from '../fresh-database.js'
import { startPostgresProxy, type TcpProxy } from '../tcp-proxy.js'

function batch(tenant: string, from: number, size: number): AetherRecord[] {
  return Array.from({ length: size }, (_, i) => {
    const header = { source: 'spot-trace', sourceEventId: `tick-${from + i}`, contract: 'telemetry.v1' }
    return {
      ...header, id: recordId(header), tenant, timestamp: new Date(Date.UTC(2023, 3, 30) + (from + i) * 30_000).toISOString(),
      region: 'us-east1', pool: 'c3-highcpu-88', metric: 'spot_available', value: 1, note: 'x'.repeat(200),
    }
  })
}

describe('PostgreSQL storage behind a TCP proxy that the tests cut', () => {
  let database: FreshDatabase
  let proxy: TcpProxy
  let proxiedUrl: string
  let storage: PostgresStorage

  beforeAll(async () => {
    database = await freshDatabase()
    ;({ proxy, connectionString: proxiedUrl } = await startPostgresProxy(database.connectionString))
    storage = await openPostgresStorage(validateConfig(PostgresStorageConfig, {
      connectionString: proxiedUrl, connectTimeoutMs: 1_000, retry: { attempts: 8, minDelayMs: 50, maxDelayMs: 400 },
    }, () => 'test'))
  })
  afterAll(async () => {
    await storage.close()
    await proxy.close()
    await database.drop()
  })

  it('retries a batch while the server is unreachable and writes it once the server is back', async () => {
    proxy.cut()
    const writing = storage.store.writeBatch('outage', batch('outage', 0, 500))
    setTimeout(() => proxy.restore(), 400)
    expect(await writing).toEqual({ inserted: 500, duplicates: 0, actionsEnqueued: 0 })
    expect(await storage.store.countByContract('outage')).toEqual({ 'telemetry.v1': 500 })
  })

  it('writes a batch whose connection is cut in the middle of the statement exactly once', async () => {
    const records = batch('cut', 0, 1000)
    proxy.cutAfterClientBytes(60_000)
    setTimeout(() => proxy.restore(), 300)
    const outcome = await storage.store.writeBatch('cut', records)
    expect(outcome.inserted + outcome.duplicates).toBe(1000)
    expect(await storage.store.countByContract('cut')).toEqual({ 'telemetry.v1': 1000 })
  })

  it('gives up after the configured attempts with a message that says what to check, having written nothing', async () => {
    const impatient = await openPostgresStorage(validateConfig(PostgresStorageConfig, {
      connectionString: proxiedUrl, connectTimeoutMs: 500, retry: { attempts: 3, minDelayMs: 10, maxDelayMs: 20 },
    }, () => 'test'))
    proxy.cut()
    try {
      await expect(impatient.store.writeBatch('lost', batch('lost', 0, 10))).rejects.toThrow(
        new RegExp(`^PostgreSQL at 127\\.0\\.0\\.1:${proxy.port}/${database.name} failed 3 times \\(.+\\); nothing of the batch was written\\. ` +
          'Check that the server runs and the connection string is right'))
    } finally {
      proxy.restore()
      await impatient.close()
    }
    expect(await storage.store.countByContract('lost')).toEqual({})
  })

  it('does not retry an error of the statement itself', async () => {
    // A sequence counts the statements that reached the server: nextval is not rolled back with
    // the statement that fails after it, so a retry would show as a second increment.
    await storage.executor.exec(`
      CREATE SEQUENCE statement_attempts;
      CREATE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql SECURITY DEFINER AS $$
        BEGIN
          PERFORM nextval('statement_attempts');
          RAISE EXCEPTION 'refused by the test' USING ERRCODE = 'check_violation';
        END $$;
      CREATE TRIGGER refuse_every_insert BEFORE INSERT ON records
        FOR EACH STATEMENT EXECUTE FUNCTION refuse_insert();`)
    const attempts = async (): Promise<number> => {
      const { rows } = await storage.executor.query<{ last_value: string; is_called: boolean }>('SELECT last_value, is_called FROM statement_attempts')
      return rows[0]!.is_called ? Number(rows[0]!.last_value) : 0
    }
    try {
      await expect(storage.store.writeBatch('sql', batch('sql', 0, 1))).rejects.toThrow('refused by the test')
      expect(await attempts()).toBe(1)
      await expect(storage.executor.query("SELECT 1 / (nextval('statement_attempts') * 0)")).rejects.toThrow('division by zero')
      expect(await attempts()).toBe(2)
    } finally {
      await storage.executor.exec('DROP TRIGGER refuse_every_insert ON records')
    }
    expect(await storage.store.countByContract('sql')).toEqual({})
  })
})
