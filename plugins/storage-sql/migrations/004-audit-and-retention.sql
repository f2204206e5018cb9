-- The audit ledger: per tenant, entries hash-chained to the previous one, and anchors holding
-- the Merkle root of a range of entries. Append-only for the application.
CREATE TABLE audit_entries (
  tenant      text        NOT NULL,
  seq         bigint      NOT NULL,
  kind        text        NOT NULL,
  actor       text        NOT NULL,
  subject     text        NOT NULL,
  payload     jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL,
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL,
  PRIMARY KEY (tenant, seq)
);

CREATE TABLE audit_anchors (
  tenant      text        NOT NULL,
  from_seq    bigint      NOT NULL,
  to_seq      bigint      NOT NULL,
  merkle_root text        NOT NULL,
  anchored_at timestamptz NOT NULL,
  PRIMARY KEY (tenant, to_seq)
);

-- Retention: a TTL per tenant (90 days when absent) and legal holds that keep a time window.
CREATE TABLE retention_policies (
  tenant   text    PRIMARY KEY,
  ttl_days integer NOT NULL CHECK (ttl_days > 0)
);

CREATE TABLE legal_holds (
  tenant     text        NOT NULL,
  id         text        NOT NULL,
  from_time  timestamptz NOT NULL,
  to_time    timestamptz NOT NULL,
  reason     text        NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, id)
);

CREATE INDEX records_by_age ON records (tenant, observed_at);
CREATE INDEX audit_entries_by_subject ON audit_entries (tenant, subject);

GRANT SELECT, INSERT ON audit_entries, audit_anchors TO aether_app;
GRANT SELECT, INSERT, UPDATE ON retention_policies TO aether_app;
GRANT SELECT, INSERT, DELETE ON legal_holds TO aether_app;


ALTER TABLE audit_entries ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_entries FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_entries_tenant_isolation ON audit_entries
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE audit_anchors ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_anchors FORCE ROW LEVEL SECURITY;
CREATE POLICY audit_anchors_tenant_isolation ON audit_anchors
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE retention_policies ENABLE ROW LEVEL SECURITY;
ALTER TABLE retention_policies FORCE ROW LEVEL SECURITY;
CREATE POLICY retention_policies_tenant_isolation ON retention_policies
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE legal_holds ENABLE ROW LEVEL SECURITY;
ALTER TABLE legal_holds FORCE ROW LEVEL SECURITY;
CREATE POLICY legal_holds_tenant_isolation ON legal_holds
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));
