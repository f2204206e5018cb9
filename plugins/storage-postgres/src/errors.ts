import { defineError } from '@aether/plugin-api'

/** PostgreSQL could not be reached, or lost the connection, every time it was tried. */
export const StorageUnavailable = defineError('AETHER_E_STORAGE_UNAVAILABLE',
  (where: string, attempts: number, problem: string) =>
    `PostgreSQL at ${where} failed ${attempts} times (${problem}); nothing of the batch was written. ` +
    'Check that the server runs and the connection string is right; the batch is retried when it is redelivered.')
