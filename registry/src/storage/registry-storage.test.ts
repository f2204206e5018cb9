import { registryStorageSuite } from '../../test/registry-storage-suite.js'
import { openRegistryStorage } from './open-registry-storage.js'

registryStorageSuite('PGlite', () => openRegistryStorage({ pgliteDir: 'memory://' }))
