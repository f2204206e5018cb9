/**
 * The raw baseline's statement, shared by every benchmark: one batch of records as one JSON
 * parameter, a plain INSERT into the migrated `records` table, nothing else (no conflict
 * handling, tenant scope or audit), so it measures what the storage itself can take.
 */
export const rawInsertSql = `
  INSERT INTO records (tenant, id, contract, observed_at, region, pool, body)
  SELECT 'bench', e->>'id', e->>'contract', (e->>'timestamp')::timestamptz, e->>'region', e->>'pool', e
  FROM jsonb_array_elements($1::jsonb) AS e`
