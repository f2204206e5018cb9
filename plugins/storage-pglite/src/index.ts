export { plugin } from './plugin.js'
export { PgliteStorageConfig } from './config.js'
export { openPgliteStorage, type PgliteStorage } from './open-pglite-storage.js'
export { pgliteExecutor } from './pglite-executor.js'
