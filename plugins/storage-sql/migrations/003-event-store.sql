-- Event sourcing: append-only streams with per-stream versions, and snapshots of projections.
CREATE TABLE events (
  tenant      text        NOT NULL,
  stream_id   text        NOT NULL,
  -- 1 for a stream's first event; a concurrent append of the same version fails on the key.
  version     integer     NOT NULL,
  type        text        NOT NULL,
  data        jsonb       NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, stream_id, version)
);

CREATE TABLE snapshots (
  tenant      text        NOT NULL,
  stream_id   text        NOT NULL,
  -- The projection (name@version) the state belongs to: a changed projection ignores old snapshots.
  projection  text        NOT NULL,
  version     integer     NOT NULL,
  state       jsonb       NOT NULL,
  taken_at    timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, stream_id, projection, version)
);

-- Append-only for the application: no UPDATE or DELETE on events.
GRANT SELECT, INSERT ON events TO aether_app;
GRANT SELECT, INSERT, DELETE ON snapshots TO aether_app;

ALTER TABLE events ENABLE ROW LEVEL SECURITY;
ALTER TABLE events FORCE ROW LEVEL SECURITY;
CREATE POLICY events_tenant_isolation ON events
  USING (tenant = current_setting('aether.tenant', true))
  WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE snapshots ENABLE ROW LEVEL SECURITY;
ALTER TABLE snapshots FORCE ROW LEVEL SECURITY;
CREATE POLICY snapshots_tenant_isolation ON snapshots
  USING (tenant = current_setting('aether.tenant', true))
  WITH CHECK (tenant = current_setting('aether.tenant', true));
