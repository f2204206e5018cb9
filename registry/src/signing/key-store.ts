import { createPrivateKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto'
import type { SqlExecutor } from '@aether/storage-sql'
import { RegistrySigningKeyUnknown } from '../errors.js'
import type { PublishedKey } from './certification.js'

const dayMs = 24 * 60 * 60 * 1000

/** How long a new key is valid, and how long the old one stays valid after a rotation. */
export interface KeyPolicy {
  validityMs: number
  overlapMs: number
}

/** The registry's defaults: a key signs for a year; a rotated key keeps verifying for a week. */
export const defaultKeyPolicy: KeyPolicy = { validityMs: 365 * dayMs, overlapMs: 7 * dayMs }

interface KeyRow { key_id: string; public_key_pem: string; private_key_pem: string; not_before: Date | string; not_after: Date | string; revoked_at: Date | string | null }

/** The registry's Ed25519 signing keys, with validity windows, rotation and revocation. */
export class KeyStore {
  constructor(private readonly executor: SqlExecutor, private readonly policy: KeyPolicy = defaultKeyPolicy) {}

  /** The key to sign with now: the newest valid one, made on first use. */
  async signingKey(now = new Date()): Promise<{ keyId: string; privateKey: KeyObject }> {
    const { rows } = await this.executor.query<KeyRow>(`SELECT * FROM registry_signing_keys
      WHERE not_before <= $1 AND not_after > $1 AND revoked_at IS NULL ORDER BY not_before DESC LIMIT 1`, [now.toISOString()])
    const row = rows[0] ?? await this.insertKey(now)
    return { keyId: row.key_id, privateKey: createPrivateKey(row.private_key_pem) }
  }

  /**
   * Makes a new key valid from `now`, and cuts the validity of the keys valid now to end after
   * the overlap, so certificates signed with them keep verifying while operators fetch the new
   * key. Returns the new key's id.
   */
  async rotate(now = new Date()): Promise<string> {
    return this.executor.transaction(async (tx) => {
      const overlapEnd = new Date(now.getTime() + this.policy.overlapMs).toISOString()
      await tx.query(`UPDATE registry_signing_keys SET not_after = $2
        WHERE not_before <= $1 AND not_after > $2 AND revoked_at IS NULL`, [now.toISOString(), overlapEnd])
      return (await new KeyStore(tx, this.policy).insertKey(now)).key_id
    })
  }

  /** Revokes a key from `at` on: what it signed from then on no longer verifies. */
  async revoke(keyId: string, at = new Date()): Promise<void> {
    const { rowCount } = await this.executor.query('UPDATE registry_signing_keys SET revoked_at = $2 WHERE key_id = $1 AND revoked_at IS NULL', [keyId, at.toISOString()])
    if (rowCount === 0) {
      const { rows } = await this.executor.query('SELECT 1 FROM registry_signing_keys WHERE key_id = $1', [keyId])
      if (rows.length === 0) throw new RegistrySigningKeyUnknown([keyId])
    }
  }

  /** Every key, as published (no private parts), oldest first. */
  async published(): Promise<PublishedKey[]> {
    const { rows } = await this.executor.query<KeyRow>('SELECT * FROM registry_signing_keys ORDER BY not_before, key_id')
    return rows.map((row) => ({
      keyId: row.key_id, algorithm: 'ed25519' as const, publicKeyPem: row.public_key_pem,
      notBefore: iso(row.not_before), notAfter: iso(row.not_after), revokedAt: row.revoked_at === null ? null : iso(row.revoked_at),
    }))
  }

  private async insertKey(now: Date): Promise<KeyRow> {
    const { publicKey, privateKey } = generateKeyPairSync('ed25519')
    const keyId = `ed25519-${now.toISOString().slice(0, 10)}-${randomBytes(4).toString('hex')}`
    const { rows } = await this.executor.query<KeyRow>(`INSERT INTO registry_signing_keys (key_id, public_key_pem, private_key_pem, not_before, not_after)
      VALUES ($1, $2, $3, $4, $5) RETURNING *`, [
      keyId, publicKey.export({ type: 'spki', format: 'pem' }).toString(), privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
      now.toISOString(), new Date(now.getTime() + this.policy.validityMs).toISOString(),
    ])
    return rows[0] as KeyRow
  }
}

function iso(value: Date | string): string {
  return new Date(value).toISOString()
}
