import { createHash, randomBytes } from 'node:crypto'
import type { SqlExecutor } from '@aether/storage-sql'
import { RegistryTokenInvalid } from '../errors.js'

/** The prefix of every registry token, so one found in a log or a file is recognised. */
const tokenPrefix = 'aether_'

/** Publish tokens, kept only as their sha256. */
export class TokenStore {
  constructor(private readonly executor: SqlExecutor) {}

  /** Makes a new token (shown once: only its hash is stored). */
  async create(label: string): Promise<string> {
    const token = `${tokenPrefix}${randomBytes(32).toString('base64url')}`
    await this.executor.query('INSERT INTO registry_tokens (token_sha256, label) VALUES ($1, $2)', [hashToken(token), label])
    return token
  }

  /** The label of a valid token; throws AETHER_E_REGISTRY_TOKEN_INVALID otherwise. */
  async authenticate(authorization: string | undefined): Promise<string> {
    if (authorization === undefined || authorization === '') throw new RegistryTokenInvalid(['This request needs a token and none was sent'])
    const match = /^Bearer\s+(\S+)$/i.exec(authorization)
    if (match === null) throw new RegistryTokenInvalid(['Only "Authorization: Bearer <token>" is accepted (no user and password)'])
    const { rows } = await this.executor.query<{ label: string }>(
      'SELECT label FROM registry_tokens WHERE token_sha256 = $1 AND revoked_at IS NULL', [hashToken(match[1] as string)])
    const row = rows[0]
    if (row === undefined) throw new RegistryTokenInvalid(['The token sent is not known to this registry or was revoked'])
    return row.label
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
