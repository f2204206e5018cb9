import { createHash } from 'node:crypto'

/**
 * A tenant's place in [0, 1) for canary routing: the first 32 bits of sha256 of its id. Stable
 * across processes and restarts, so a tenant stays on the version it was given while shares hold.
 */
export function canaryBucket(tenant: string): number {
  return createHash('sha256').update(tenant, 'utf8').digest().readUInt32BE(0) / 2 ** 32
}
