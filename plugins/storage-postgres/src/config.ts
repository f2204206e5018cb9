import { Type, type Static } from '@sinclair/typebox'

/** Configuration of the PostgreSQL storage plugin. */
export const PostgresStorageConfig = Type.Object({
  /** libpq-style URL; the password, if any, is never logged or shown. */
  connectionString: Type.String({ minLength: 1, default: 'postgres://postgres@127.0.0.1:5432/test' }),
  poolSize: Type.Integer({ minimum: 1, maximum: 100, default: 4 }),
  connectTimeoutMs: Type.Integer({ minimum: 100, default: 5_000 }),
  /** How a statement or batch that lost its connection is retried before giving up. */
  retry: Type.Object({
    attempts: Type.Integer({ minimum: 1, maximum: 100, default: 6 }),
    minDelayMs: Type.Integer({ minimum: 1, default: 100 }),
    maxDelayMs: Type.Integer({ minimum: 1, default: 3_000 }),
  }, { additionalProperties: false, default: {} }),
}, { additionalProperties: false })
export type PostgresStorageConfig = Static<typeof PostgresStorageConfig>
