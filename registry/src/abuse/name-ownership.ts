import type { SqlExecutor } from '@aether/storage-sql'
import { RegistryNameOwned } from '../errors.js'
import type { TokenIdentity } from '../tokens/token-store.js'

/** Scopes no publisher can claim: only the operator's admin tokens publish there. */
export const reservedScopes: readonly string[] = ['aether']

/**
 * The name rules of a publish, checked in the publish's transaction (`tx`) so that two
 * publishers racing for a new name cannot both win; throws AETHER_E_REGISTRY_NAME_OWNED (403):
 *
 * - a scope belongs to the publisher (token label) that first published in it; `@aether` is
 *   the operator's;
 * - a package belongs to its first publisher; an unscoped name that differs from another
 *   publisher's unscoped name only in `.`, `_` and `-` is refused (it would pass for it);
 * - an adapter name (aether-adapter.json `name`, what usage is counted under) belongs to the
 *   package that first published it.
 *
 * Leaves the package row in place (created when new, with its publisher).
 */
export async function claimNames(tx: SqlExecutor, packageName: string, adapterName: string | undefined, sender: TokenIdentity): Promise<void> {
  const publisher = sender.label
  const refuse = (problem: string): never => { throw new RegistryNameOwned([packageName, problem]) }
  const scope = /^@([^/]+)\//.exec(packageName)?.[1]
  if (scope !== undefined) {
    if (reservedScopes.includes(scope) && sender.scope !== 'admin') refuse(`the scope @${scope} is reserved for the registry operator`)
    const { rows } = await tx.query<{ publisher: string }>(`INSERT INTO registry_scopes (scope, publisher) VALUES ($1, $2)
      ON CONFLICT (scope) DO UPDATE SET scope = excluded.scope RETURNING publisher`, [scope, publisher])
    const owner = rows[0]?.publisher
    if (owner !== publisher) refuse(`the scope @${scope} belongs to the publisher "${owner}", who published in it first`)
  } else {
    const { rows } = await tx.query<{ name: string; publisher: string }>(`SELECT name, publisher FROM registry_packages
      WHERE name NOT LIKE '@%' AND name <> $1 AND translate(name, '._-', '') = translate($1, '._-', '') AND publisher IS DISTINCT FROM $2
      ORDER BY name LIMIT 1`, [packageName, publisher])
    const lookalike = rows[0]
    if (lookalike !== undefined) refuse(`it differs from "${lookalike.name}" of the publisher "${lookalike.publisher ?? '(unknown)'}" only in ".", "_" or "-", so it would pass for it`)
  }
  const { rows } = await tx.query<{ publisher: string }>(`INSERT INTO registry_packages (name, publisher) VALUES ($1, $2)
    ON CONFLICT (name) DO UPDATE SET publisher = COALESCE(registry_packages.publisher, excluded.publisher) RETURNING publisher`, [packageName, publisher])
  const owner = rows[0]?.publisher
  if (owner !== publisher) refuse(`the package belongs to the publisher "${owner}", who published it first`)
  if (adapterName !== undefined && adapterName !== '') {
    const claimed = await tx.query<{ package: string }>(`INSERT INTO registry_adapter_names (adapter_name, package) VALUES ($1, $2)
      ON CONFLICT (adapter_name) DO UPDATE SET adapter_name = excluded.adapter_name RETURNING package`, [adapterName, packageName])
    const holder = claimed.rows[0]?.package
    if (holder !== packageName) refuse(`its aether-adapter.json names the adapter "${adapterName}", which is the adapter of ${holder}; adapter names are unique in this registry, since usage is counted under them`)
  }
}

/**
 * Refuses (403) a change to a package's tags or deprecations from anyone but its publisher, or
 * the scope's owner for a package that has no recorded publisher; admin tokens may change any.
 */
export async function requireOwner(executor: SqlExecutor, packageName: string, sender: TokenIdentity): Promise<void> {
  if (sender.scope === 'admin') return
  const { rows } = await executor.query<{ publisher: string | null; scope_owner: string | null }>(`SELECT p.publisher,
      (SELECT s.publisher FROM registry_scopes s WHERE '@' || s.scope || '/' = substring(p.name from '^@[^/]+/')) AS scope_owner
    FROM registry_packages p WHERE p.name = $1`, [packageName])
  const row = rows[0]
  if (row === undefined) return
  const owner = row.publisher ?? row.scope_owner
  if (owner !== null && owner !== sender.label) {
    throw new RegistryNameOwned([packageName, `the package belongs to the publisher "${owner}"; only their tokens, or the operator's admin token, change its tags and deprecations`])
  }
}
