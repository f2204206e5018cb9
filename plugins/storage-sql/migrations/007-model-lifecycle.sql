-- Model lifecycle state: each model version's stage and the history of stage changes, one
-- lifecycle per tenant and forecaster name. Every change bumps the lifecycle's revision in the
-- same transaction as its version rows and events; a writer names the revision it read, so two
-- writers (an automatic rollback, an operator's promote) cannot both win silently.
CREATE TABLE model_lifecycles (
  tenant     text        NOT NULL,
  lifecycle  text        NOT NULL,
  revision   bigint      NOT NULL CHECK (revision > 0),
  updated_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, lifecycle)
);

CREATE TABLE model_lifecycle_versions (
  tenant       text             NOT NULL,
  lifecycle    text             NOT NULL,
  version      text             NOT NULL,
  stage        text             NOT NULL CHECK (stage IN ('promoted', 'challenger', 'shadow', 'rolled-back', 'retired')),
  canary_share double precision CHECK (canary_share BETWEEN 0 AND 1),
  PRIMARY KEY (tenant, lifecycle, version),
  FOREIGN KEY (tenant, lifecycle) REFERENCES model_lifecycles (tenant, lifecycle)
);

CREATE TABLE model_lifecycle_events (
  tenant     text        NOT NULL,
  lifecycle  text        NOT NULL,
  -- The revision the change produced, and its place within it (a promotion moves two versions).
  revision   bigint      NOT NULL,
  seq        integer     NOT NULL,
  version    text        NOT NULL,
  from_stage text        NOT NULL,
  to_stage   text        NOT NULL,
  reason     text        NOT NULL,
  detail     text        NOT NULL,
  at         timestamptz NOT NULL,
  PRIMARY KEY (tenant, lifecycle, revision, seq),
  FOREIGN KEY (tenant, lifecycle) REFERENCES model_lifecycles (tenant, lifecycle)
);

GRANT SELECT, INSERT, UPDATE ON model_lifecycles TO aether_app;
GRANT SELECT, INSERT, UPDATE ON model_lifecycle_versions TO aether_app;
-- Append-only for the application: the history is never rewritten.
GRANT SELECT, INSERT ON model_lifecycle_events TO aether_app;

ALTER TABLE model_lifecycles ENABLE ROW LEVEL SECURITY;
ALTER TABLE model_lifecycles FORCE ROW LEVEL SECURITY;
CREATE POLICY model_lifecycles_tenant_isolation ON model_lifecycles
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE model_lifecycle_versions ENABLE ROW LEVEL SECURITY;
ALTER TABLE model_lifecycle_versions FORCE ROW LEVEL SECURITY;
CREATE POLICY model_lifecycle_versions_tenant_isolation ON model_lifecycle_versions
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));

ALTER TABLE model_lifecycle_events ENABLE ROW LEVEL SECURITY;
ALTER TABLE model_lifecycle_events FORCE ROW LEVEL SECURITY;
CREATE POLICY model_lifecycle_events_tenant_isolation ON model_lifecycle_events
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));
