-- What the sandbox host keeps for its adapters between runs and across the processes of one
-- database: each adapter's kv values and its source cursor, per tenant. An adapter is its
-- manifest name and its identity as the host knows it (the package name), so two packages that
-- happen to share a manifest name never share state.

-- One row per kv space (adapter and tenant): its key and byte counts. A write locks this row, so
-- the quota holds across processes writing to the same space at once.
CREATE TABLE adapter_kv_spaces (
  tenant   text   NOT NULL,
  adapter  text   NOT NULL,
  identity text   NOT NULL,
  keys     integer NOT NULL CHECK (keys >= 0),
  bytes    bigint  NOT NULL CHECK (bytes >= 0),
  PRIMARY KEY (tenant, adapter, identity)
);

CREATE TABLE adapter_kv (
  tenant     text        NOT NULL,
  adapter    text        NOT NULL,
  identity   text        NOT NULL,
  key        text        NOT NULL,
  value      text        NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, adapter, identity, key),
  FOREIGN KEY (tenant, adapter, identity) REFERENCES adapter_kv_spaces (tenant, adapter, identity)
);

-- A sandboxed source's cursor after the last poll whose records the pipeline took.
CREATE TABLE adapter_cursors (
  tenant     text        NOT NULL,
  adapter    text        NOT NULL,
  identity   text        NOT NULL,
  cursor     jsonb       NOT NULL,
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, adapter, identity)
);

GRANT SELECT, INSERT, UPDATE ON adapter_kv_spaces TO aether_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON adapter_kv TO aether_app;
GRANT SELECT, INSERT, UPDATE ON adapter_cursors TO aether_app;

ALTER TABLE adapter_kv_spaces ENABLE ROW LEVEL SECURITY;
ALTER TABLE adapter_kv_spaces FORCE ROW LEVEL SECURITY;
CREATE POLICY adapter_kv_spaces_tenant_isolation ON adapter_kv_spaces
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE adapter_kv ENABLE ROW LEVEL SECURITY;
ALTER TABLE adapter_kv FORCE ROW LEVEL SECURITY;
CREATE POLICY adapter_kv_tenant_isolation ON adapter_kv
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE adapter_cursors ENABLE ROW LEVEL SECURITY;
ALTER TABLE adapter_cursors FORCE ROW LEVEL SECURITY;
CREATE POLICY adapter_cursors_tenant_isolation ON adapter_cursors
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));
