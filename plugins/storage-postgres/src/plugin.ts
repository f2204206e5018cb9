import { moveAdmissionPoint, storagePoint, type AetherPlugin } from '@aether/plugin-api'
import { SqlMoveAdmission } from '@aether/storage-sql'
import { PostgresStorageConfig } from './config.js'
import { openPostgresStorage } from './open-postgres-storage.js'

/** Record storage on PostgreSQL. */
export const plugin: AetherPlugin<PostgresStorageConfig> = {
  manifest: {
    name: '@aether/plugin-storage-postgres',
    version: '0.1.0',
    description: 'PostgreSQL record storage with row-level security and retries',
    engine: '^0.1.0',
    provides: [storagePoint.id, moveAdmissionPoint.id],
    configSchema: PostgresStorageConfig,
  },
  async register(context) {
    const storage = await openPostgresStorage(context.config, context.logger)
    context.provide(storagePoint, storage.store)
    // Guardrail admissions in the same database: policy processes sharing it share one rate and cool-down.
    context.provide(moveAdmissionPoint, new SqlMoveAdmission(storage.executor))
    context.onStop(() => storage.close())
  },
}
