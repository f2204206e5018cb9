-- Every record of every contract, one row each. (tenant, id) is unique: ids are deterministic,
-- so a replayed record finds its row and is not written again.
CREATE TABLE records (
  tenant      text        NOT NULL,
  id          text        NOT NULL,
  contract    text        NOT NULL,
  -- The record's own time: `timestamp`, or `receivedAt` for invalid records.
  observed_at timestamptz NOT NULL,
  region      text,
  pool        text,
  body        jsonb       NOT NULL,
  stored_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant, id)
);

CREATE INDEX records_by_window ON records (tenant, contract, observed_at);
