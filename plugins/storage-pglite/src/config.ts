import { Type, type Static } from '@sinclair/typebox'

/** Configuration of the PGlite storage plugin. */
export const PgliteStorageConfig = Type.Object({
  /** Directory of the database files, relative to the configuration file; `memory://` keeps it in memory. */
  dataDir: Type.String({ minLength: 1, default: '.aether/pglite' }),
}, { additionalProperties: false })
export type PgliteStorageConfig = Static<typeof PgliteStorageConfig>
