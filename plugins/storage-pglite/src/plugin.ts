import { moveAdmissionPoint, storagePoint, type AetherPlugin } from '@aether/plugin-api'
import { SqlMoveAdmission } from '@aether/storage-sql'
import { PgliteStorageConfig } from './config.js'
import { openPgliteStorage } from './open-pglite-storage.js'

/** The embedded default storage: records in a file-backed PGlite database. */
export const plugin: AetherPlugin<PgliteStorageConfig> = {
  manifest: {
    name: '@aether/plugin-storage-pglite',
    version: '0.1.0',
    description: 'Embedded PostgreSQL (PGlite) record storage',
    engine: '^0.1.0',
    provides: [storagePoint.id, moveAdmissionPoint.id],
    requires: {},
    configSchema: PgliteStorageConfig,
  },
  async register(context) {
    const storage = await openPgliteStorage(context.config.dataDir, context.baseDir)
    context.provide(storagePoint, storage.store)
    // Guardrail admissions in the same database: policy processes sharing it share one rate and cool-down.
    context.provide(moveAdmissionPoint, new SqlMoveAdmission(storage.executor))
    context.onStop(() => storage.close())
    context.logger.debug({ storage: storage.store.describe() }, 'storage opened')
  },
}
