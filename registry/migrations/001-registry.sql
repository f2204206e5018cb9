-- The registry's own tables. Forward-only: a change is a new numbered file.

CREATE TABLE registry_packages (
  name text PRIMARY KEY,
  created_at timestamptz NOT NULL DEFAULT now(),
  modified_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE registry_versions (
  package text NOT NULL REFERENCES registry_packages (name),
  version text NOT NULL,
  -- The version's package.json as published (npm's manifest), without dist.
  manifest jsonb NOT NULL,
  -- The tarball: its sha512 (hex, also its blob path), sha1 for npm's shasum, its size.
  sha512 text NOT NULL,
  shasum text NOT NULL,
  size_bytes integer NOT NULL,
  deprecated text,
  published_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (package, version)
);

CREATE TABLE registry_dist_tags (
  package text NOT NULL REFERENCES registry_packages (name),
  tag text NOT NULL,
  version text NOT NULL,
  PRIMARY KEY (package, tag),
  FOREIGN KEY (package, version) REFERENCES registry_versions (package, version)
);

-- Tokens are kept only as their sha256: a stolen database gives no usable token.
CREATE TABLE registry_tokens (
  token_sha256 text PRIMARY KEY,
  label text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  revoked_at timestamptz
);

-- One submission per published adapter version: the certification workflow.
CREATE TABLE registry_submissions (
  id bigserial PRIMARY KEY,
  package text NOT NULL,
  version text NOT NULL,
  state text NOT NULL CHECK (state IN ('submitted', 'testing', 'certified', 'rejected', 'deprecated', 'yanked')),
  attempts integer NOT NULL DEFAULT 0,
  -- A worker's claim: who holds it and until when; an expired lease is claimed again.
  lease_owner text,
  lease_until timestamptz,
  -- The conformance report (JSON text, as signed) and its sha512, once judged.
  report text,
  report_sha512 text,
  -- The certificate (canonical JSON of what was signed), its signature and key, once certified.
  certificate text,
  signature text,
  key_id text,
  problem text,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  UNIQUE (package, version),
  FOREIGN KEY (package, version) REFERENCES registry_versions (package, version)
);
CREATE INDEX registry_submissions_claimable ON registry_submissions (submitted_at) WHERE state IN ('submitted', 'testing');

-- Signing keys with their validity windows. The private key stays in the database of the
-- registry (PGlite file or PostgreSQL); the public key is published.
CREATE TABLE registry_signing_keys (
  key_id text PRIMARY KEY,
  public_key_pem text NOT NULL,
  private_key_pem text NOT NULL,
  not_before timestamptz NOT NULL,
  not_after timestamptz NOT NULL,
  revoked_at timestamptz,
  CHECK (not_after > not_before)
);
