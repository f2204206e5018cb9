import { createHash, randomBytes } from 'node:crypto'
import type { SqlExecutor } from '@aether/storage-sql'
import { RegistryTokenInvalid, RegistryTokenScopeInsufficient } from '../errors.js'
import { scopeAllows, type TokenScope } from './token-scope.js'

/** The prefix of every registry token, so one found in a log or a file is recognised. */
const tokenPrefix = 'aether_'

/** Who sent a request: the token's label (the publisher), its scope, and its hash (never the token). */
export interface TokenIdentity {
  label: string
  scope: TokenScope
  tokenSha256: string
}

/** Tokens, kept only as their sha256, each with one scope. */
export class TokenStore {
  constructor(private readonly executor: SqlExecutor) {}

  /** Makes a new token (shown once: only its hash is stored). The label names the publisher. */
  async create(label: string, scope: TokenScope = 'publish'): Promise<string> {
    const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`
    await this.executor.query('INSERT INTO registry_tokens (token_sha256, label, scope) VALUES ($1, $2, $3)', [hashToken(token), label, scope])
    return token
  }

  /** The label of a valid token of any scope; throws AETHER_E_REGISTRY_TOKEN_INVALID otherwise. */
  async authenticate(authorization: string | undefined): Promise<string> {
    return (await this.identify(authorization)).label
  }

  /** The sender of a valid token; throws AETHER_E_REGISTRY_TOKEN_INVALID otherwise. */
  async identify(authorization: string | undefined): Promise<TokenIdentity> {
    if (authorization === undefined || authorization === '') throw new RegistryTokenInvalid(['This request needs a token and none was sent'])
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    if (match === null) throw new RegistryTokenInvalid(['Only "Authorization: Bearer <token>" is accepted (no user and password)'])
    const tokenSha256 = hashToken(match[1] as string)
    const { rows } = await this.executor.query<{ label: string; scope: TokenScope }>(
      'SELECT label, scope FROM registry_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL', [tokenSha256])
    const row = rows[0]
    if (row === undefined) throw new RegistryTokenInvalid(['The token sent is not known to this registry or was revoked'])
    return { label: row.label, scope: row.scope, tokenSha256 }
  }

  /**
   * The sender, when its token's scope allows `needed`; throws AETHER_E_REGISTRY_TOKEN_INVALID
   * (401) without a valid token, AETHER_E_REGISTRY_TOKEN_SCOPE_INSUFFICIENT (403) with one of too
   * small a scope. `action` names the request in the refusal.
   */
  async authorize(authorization: string | undefined, needed: TokenScope, action: string): Promise<TokenIdentity> {
    const identity = await this.identify(authorization)
    if (!scopeAllows(identity.scope, needed)) throw new RegistryTokenScopeInsufficient([identity.label, identity.scope, action, needed])
    return identity
  }

  /** Revokes a token; true when it was valid. */
  async revoke(token: string): Promise<boolean> {
    const { rowCount } = await this.executor.query('UPDATE registry_tokens SET revoked_at = now() WHERE token_sha256 = $1 AND revoked_at IS NULL', [hashToken(token)])
    return rowCount > 0
  }
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex')
}
