import { storagePoint, type AetherPlugin } from '@aether/plugin-api'
import { PostgresStorageConfig } from './config.js'
import { openPostgresStorage } from './open-postgres-storage.js'

/** Record storage on PostgreSQL. */
export const plugin: AetherPlugin<PostgresStorageConfig> = {
  manifest: {
    name: '@aether/plugin-storage-postgres',
    version: '0.1.0',
    description: 'PostgreSQL record storage with row-level security and retries',
    engine: '^0.1.0',
    provides: [storagePoint.id],
    configSchema: PostgresStorageConfig,
  },
  async register(context) {
    const storage = await openPostgresStorage(context.config, context.logger)
    context.provide(storagePoint, storage.store)
    context.onStop(() => storage.close())
  },
}
