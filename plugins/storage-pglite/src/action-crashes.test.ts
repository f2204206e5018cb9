import { join } from 'node:path'
import { describeActionCrashes } from '@aether/storage-sql/testing'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

// The drills' processes share one PGlite folder in turn: the killed one's directory lock is
// taken over because its process is gone.
describeActionCrashes('PGlite', async () => ({ backend: 'pglite', location: join(await temporaryDirectory('aether-drill-pglite-'), 'db') }))
