import { defineError } from '@aether/plugin-api'

/** The worker thread that runs the embedded database stopped; its pending statements failed. */
export const PgliteThreadStopped = defineError('AETHER_E_STORAGE_PGLITE_STOPPED',
  (location: string, reason: string) =>
    `The PGlite database at ${location} is no longer running (${reason}); statements in flight were not committed. Restart to reopen it.`)

/** The embedded database could not be opened. */
export const PgliteOpenFailed = defineError('AETHER_E_STORAGE_PGLITE_OPEN',
  (location: string) =>
    `Cannot open the PGlite database at ${location}. Check that the directory is writable and holds a PGlite database (not another PostgreSQL's data). See the cause.`)
