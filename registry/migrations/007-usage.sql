-- Adapter usage reported by operators: the sandbox host's usage.v1 records, as they were stored
-- in the operator's storage (one flush's delta per row). Revenue-share statements are computed
-- from these rows, never stored.
CREATE TABLE registry_usage (
  -- The usage.v1 record's id: a row imported twice is kept once.
  id text PRIMARY KEY,
  tenant text NOT NULL,
  adapter text NOT NULL,
  adapter_version text NOT NULL,
  day date NOT NULL,
  calls bigint NOT NULL CHECK (calls >= 0),
  records_in bigint NOT NULL CHECK (records_in >= 0),
  records_out bigint NOT NULL CHECK (records_out >= 0),
  cpu_ms double precision NOT NULL CHECK (cpu_ms >= 0),
  -- The label of the token that imported it.
  reporter text NOT NULL,
  imported_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_usage_by_day ON registry_usage (day, adapter);
