import { defineError } from '@aether/plugin-api'

// Refusals of a request: each says what was wrong and what to do. http/error-map.ts gives each
// its HTTP status; npm prints the message.

/** No token, or one the registry does not know. */
export const RegistryTokenInvalid = defineError('AETHER_E_REGISTRY_TOKEN_INVALID',
  (problem: string) => `${problem}. Create a token with "aether registry token" on the registry host and put it in your .npmrc as //<host>:<port>/:_authToken=<token>.`)

/** A publish or update body that does not follow the npm registry format. */
export const RegistryBodyInvalid = defineError('AETHER_E_REGISTRY_BODY_INVALID',
  (packageName: string, problem: string) => `The request for ${packageName} is malformed: ${problem}. Publish with "npm publish"; a hand-made request must follow the npm registry's publish format.`)

/** The tarball attached is not the one the manifest's dist declares. */
export const RegistryIntegrityMismatch = defineError('AETHER_E_REGISTRY_INTEGRITY_MISMATCH',
  (id: string, field: string, declared: string, actual: string) => `The tarball of ${id} does not match its declared dist.${field}: declared ${declared.slice(0, 24)}…, received ${actual.slice(0, 24)}…. It was changed or cut short on the way; publish again.`)

/** A version that is already published cannot be published again. */
export const RegistryVersionExists = defineError('AETHER_E_REGISTRY_VERSION_EXISTS',
  (id: string) => `${id} is already published and a published version never changes. Bump the version (npm version patch) and publish that.`)

/** No such package or version. */
export const RegistryPackageUnknown = defineError('AETHER_E_REGISTRY_PACKAGE_UNKNOWN',
  (what: string) => `${what} is not in this registry. Check the name (scoped names are @scope/name) or publish it first.`)

/** An unpublish or a change the registry does not allow. */
export const RegistryChangeRefused = defineError('AETHER_E_REGISTRY_CHANGE_REFUSED',
  (packageName: string, problem: string) => `The change to ${packageName} was refused: ${problem}.`)

/** The signing key store has no key valid now, or a key is unknown. */
export const RegistrySigningKeyUnknown = defineError('AETHER_E_REGISTRY_SIGNING_KEY_UNKNOWN',
  (keyId: string) => `Signing key "${keyId}" is not one of this registry's keys. Fetch the current list from /-/aether/keys.`)

/** A certificate whose signature does not verify, or whose key was revoked before it signed. */
export const RegistrySignatureInvalid = defineError('AETHER_E_REGISTRY_SIGNATURE_INVALID',
  (subject: string, problem: string) => `The certification of ${subject} is not valid: ${problem}. Do not install it; ask the registry operator.`)


/** A search or detail request whose filters cannot be applied. */
export const RegistryQueryInvalid = defineError('AETHER_E_REGISTRY_QUERY_INVALID',
  (parameter: string, problem: string) => `The search parameter "${parameter}" cannot be used: ${problem}.`)
