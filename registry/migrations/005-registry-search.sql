-- What search filters on and the manifest of the npm package does not say: each version's
-- aether-adapter.json facts, read once from its tarball by the search index (src/search/adapter-index.ts).
-- Numbered 005 to leave 002..004 to changes made alongside it; the ledger allows gaps.
CREATE TABLE registry_adapter_index (
  package text NOT NULL,
  version text NOT NULL,
  -- Null for a plain npm package (no aether-adapter.json).
  kind text,
  engine text,
  capabilities jsonb NOT NULL DEFAULT '[]',
  indexed_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (package, version),
  FOREIGN KEY (package, version) REFERENCES registry_versions (package, version)
);
