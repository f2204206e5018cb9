-- Abuse resistance: token scopes, who owns which names, publish attempts for the rate limit.
-- Numbered 005 (not 002) so that migrations other branches add meanwhile keep their numbers.

-- What a token may do: read < publish < admin; usage only reports usage (docs/registry.md).
-- Tokens made before scopes existed were publish tokens and stay so.
ALTER TABLE registry_tokens ADD COLUMN scope text NOT NULL DEFAULT 'publish'
  CHECK (scope IN ('read', 'publish', 'admin', 'usage'));

-- A scope belongs to the publisher (the token's label) that first published in it.
CREATE TABLE registry_scopes (
  scope text PRIMARY KEY,
  publisher text NOT NULL,
  claimed_at timestamptz NOT NULL DEFAULT now()
);

-- The publisher of each package (for unscoped ones, the first publisher of the name). Packages
-- published before this migration have none: their next publisher claims them.
ALTER TABLE registry_packages ADD COLUMN publisher text;

-- An adapter's name (aether-adapter.json "name": what pipelines call it and what usage is
-- counted under) belongs to the one package that first published it.
CREATE TABLE registry_adapter_names (
  adapter_name text PRIMARY KEY,
  package text NOT NULL REFERENCES registry_packages (name),
  claimed_at timestamptz NOT NULL DEFAULT now()
);

-- Every publish attempt of a token, for the per-token rate limit; old rows are pruned.
CREATE TABLE registry_publish_attempts (
  token_sha256 text NOT NULL,
  attempted_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX registry_publish_attempts_by_token ON registry_publish_attempts (token_sha256, attempted_at);
