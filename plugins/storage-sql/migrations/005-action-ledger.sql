-- The action ledger: decisions that move workloads become actions, each executed at most once.
-- A worker claims an action with a lease and a fencing token from one sequence, so every claim
-- carries a larger token than any before it; an executor refuses a token lower than one it saw.
CREATE SEQUENCE action_fencing_tokens;

CREATE TABLE actions (
  tenant           text        NOT NULL,
  -- The decision's id: a decision replayed after a crash finds its action already there.
  id               text        NOT NULL,
  workload         text        NOT NULL,
  kind             text        NOT NULL CHECK (kind IN ('migrate', 'drain')),
  decision         jsonb       NOT NULL,
  state            text        NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'claimed', 'done')),
  attempts         integer     NOT NULL DEFAULT 0,
  lease_owner      text,
  lease_expires_at timestamptz,
  fencing_token    bigint,
  outcome          text,
  created_at       timestamptz NOT NULL DEFAULT now(),
  done_at          timestamptz,
  PRIMARY KEY (tenant, id)
);

CREATE INDEX actions_claimable ON actions (tenant, state, created_at);

-- No DELETE: an action done stays as the record that it was done.
GRANT SELECT, INSERT, UPDATE ON actions TO aether_app;
GRANT USAGE ON SEQUENCE action_fencing_tokens TO aether_app;

ALTER TABLE actions ENABLE ROW LEVEL SECURITY;
ALTER TABLE actions FORCE ROW LEVEL SECURITY;
CREATE POLICY actions_tenant_isolation ON actions
  USING (tenant = current_setting('aether.tenant', true)) WITH CHECK (tenant = current_setting('aether.tenant', true));
