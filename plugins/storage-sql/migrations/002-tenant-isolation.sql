-- Tenant isolation in the database: row-level security on every tenant table, enforced for an
-- application role that does not own the tables. The store switches to that role and sets
-- `aether.tenant` at the start of every transaction (see tenant-scope.ts), so a query that forgets
-- its WHERE clause still sees one tenant's rows only.
DO $$
BEGIN
  -- Roles are shared by every database of a cluster: another database may have created it, and
  -- CREATE ROLE needs CREATEROLE even when it would fail, so look first.
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'aether_app') THEN
    CREATE ROLE aether_app NOLOGIN;
    -- The store switches to this role in every transaction, so the user that runs it must be a member.
    EXECUTE format('GRANT aether_app TO %I', current_user);
  END IF;
EXCEPTION
  -- Two databases migrating at once may both have seen no role.
  WHEN duplicate_object OR unique_violation THEN NULL;
END
$$;

GRANT USAGE ON SCHEMA public TO aether_app;
GRANT SELECT, INSERT, DELETE ON records TO aether_app;

ALTER TABLE records ENABLE ROW LEVEL SECURITY;
ALTER TABLE records FORCE ROW LEVEL SECURITY;

CREATE POLICY records_tenant_isolation ON records
  USING (tenant = current_setting('aether.tenant', true))
  WITH CHECK (tenant = current_setting('aether.tenant', true));
