-- Guardrail admissions shared by every policy process on this database: each proposed workload
-- move and the verdict it got (admitted, or refused by the cool-down or the migration rate), once
-- per decision. Admitted rows are what the rate windows and cool-downs count; refused rows keep
-- the verdict a redelivered forecast must get again. The clock is the event time (moved_at).
CREATE TABLE move_admissions (
  tenant          text        NOT NULL,
  decision_key    text        NOT NULL,
  region          text        NOT NULL,
  workload        text        NOT NULL,
  moved_at        timestamptz NOT NULL,
  outcome         text        NOT NULL CHECK (outcome IN ('admitted', 'cooldown', 'migration-rate')),
  -- The facts the verdict was made on, so that a repeat gets the same explanation.
  moves_in_window integer     NOT NULL,
  last_move_at    timestamptz,
  admitted_at     timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, decision_key)
);

CREATE INDEX move_admissions_region_window ON move_admissions (tenant, region, moved_at) WHERE outcome = 'admitted';
CREATE INDEX move_admissions_workload_moves ON move_admissions (tenant, workload, moved_at) WHERE outcome = 'admitted';

-- Append-only for the application: a verdict, once given, is the answer for its decision.
GRANT SELECT, INSERT ON move_admissions TO aether_app;

ALTER TABLE move_admissions ENABLE ROW LEVEL SECURITY;
ALTER TABLE move_admissions FORCE ROW LEVEL SECURITY;
CREATE POLICY move_admissions_tenant_isolation ON move_admissions
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));
