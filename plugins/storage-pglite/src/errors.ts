import { defineError } from '@aether/plugin-api'

/** The worker thread that runs the embedded database stopped; its pending statements failed. */
export const PgliteThreadStopped = defineError('AETHER_E_STORAGE_PGLITE_STOPPED',
  (location: string, reason: string) =>
    `The PGlite database at ${location} is no longer running (${reason}); statements in flight were not committed. Restart to reopen it.`)

/** The embedded database could not be opened. */
export const PgliteOpenFailed = defineError('AETHER_E_STORAGE_PGLITE_OPEN',
  (location: string) =>
    `Cannot open the PGlite database at ${location}. Check that the directory is writable and holds a PGlite database (not another PostgreSQL's data). See the cause.`)

/** Another process (or an earlier open in this one) holds the database directory. */
export const PgliteLocked = defineError('AETHER_E_STORAGE_PGLITE_LOCKED',
  (location: string, holder: string, lockFile: string) =>
    `The PGlite database at ${location} is in use by ${holder} (lock file ${lockFile}); PGlite allows one process per directory. Stop that process (or close the open storage) first, or give this one another dataDir. If that process is no longer running, delete the lock file.`)
