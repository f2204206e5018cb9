import type { SqlExecutor } from '@aether/storage-sql'
import { RegistryRateLimited } from '../errors.js'
import type { TokenIdentity } from '../tokens/token-store.js'

/** How many publish attempts one token may make in a sliding window. */
export interface PublishRateLimit {
  maxPublishes: number
  windowMs: number
}

export const defaultPublishRateLimit: PublishRateLimit = { maxPublishes: 60, windowMs: 60 * 60 * 1000 }

/** A refusal that carries when to try again, for the Retry-After header. */
export type RateLimitedError = InstanceType<typeof RegistryRateLimited> & { retryAfterSeconds: number }

/**
 * Counts a publish attempt of `sender` (refused ones count too: a token sending bad tarballs is
 * no better behaved) and throws AETHER_E_REGISTRY_RATE_LIMITED when the window already holds
 * `maxPublishes`. The attempts are rows in the database, so every service in front of the same
 * PostgreSQL shares one count; the token's row is locked meanwhile, so concurrent publishes of
 * one token are counted one after another.
 */
export async function takePublishAttempt(executor: SqlExecutor, sender: TokenIdentity, limit: PublishRateLimit): Promise<void> {
  await executor.transaction(async (tx) => {
    const windowSeconds = limit.windowMs / 1000
    await tx.query('SELECT 1 FROM registry_tokens WHERE token_sha256 = $1 FOR UPDATE', [sender.tokenSha256])
    await tx.query(`DELETE FROM registry_publish_attempts
      WHERE token_sha256 = $1 AND attempted_at <= now() - make_interval(secs => $2::double precision)`, [sender.tokenSha256, windowSeconds])
    const { rows } = await tx.query<{ attempts: number; retry_after: number | string | null }>(`SELECT count(*)::int AS attempts,
        EXTRACT(EPOCH FROM (min(attempted_at) + make_interval(secs => $2::double precision) - now())) AS retry_after
      FROM registry_publish_attempts WHERE token_sha256 = $1`, [sender.tokenSha256, windowSeconds])
    const attempts = rows[0]?.attempts ?? 0
    if (attempts >= limit.maxPublishes) {
      const retryAfterSeconds = Math.max(1, Math.ceil(Number(rows[0]?.retry_after ?? windowSeconds)))
      const error = new RegistryRateLimited([sender.label, limit.maxPublishes, Math.round(windowSeconds), retryAfterSeconds])
      throw Object.assign(error, { retryAfterSeconds }) as RateLimitedError
    }
    await tx.query('INSERT INTO registry_publish_attempts (token_sha256) VALUES ($1)', [sender.tokenSha256])
  })
}

/** The seconds to wait that a rate-limit refusal carries, if `error` is one. */
export function retryAfterOf(error: unknown): number | undefined {
  const seconds = (error as { retryAfterSeconds?: unknown } | null)?.retryAfterSeconds
  return RegistryRateLimited.is(error) && typeof seconds === 'number' ? seconds : undefined
}
