import { defineError } from './define-error.js'

// The errors of the plugin contract itself: plugins throw or check them, the kernel's stages too.
// The kernel's own errors (loader, configuration, kernel state, stages) are in @aether/core.

/** A record was given to a stage that does not know its contract. */
export const ContractUnknown = defineError('AETHER_E_CONTRACT_UNKNOWN',
  (contract: string, known: string[]) =>
    `Contract "${contract}" is not registered; known contracts: ${known.join(', ')}.`)

/**
 * Storage refused records for what they hold (a value the database cannot store or a constraint
 * they break), not for a passing fault: writing them again fails the same way.
 */
export const StorageRecordsRefused = defineError('AETHER_E_STORAGE_RECORDS_REFUSED',
  (storage: string, reason: string) => `${storage} refused the batch for its data: ${reason}.`)

/** A contract schema was registered without an `$id`. */
export const ContractIdMissing = defineError('AETHER_E_CONTRACT_ID',
  () => 'A contract schema needs an $id such as "signal.v1"; add one to the schema.')

/** A contract id was registered twice. */
export const ContractDuplicate = defineError('AETHER_E_CONTRACT_DUPLICATE',
  (contract: string) => `Contract "${contract}" is already registered; a changed contract needs a new id (a new version).`)

/** The bus was closed while a call was waiting. */
export const BusClosed = defineError('AETHER_E_BUS_CLOSED',
  (subject: string) => `The bus is closed; cannot use subject "${subject}".`)
