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


/** A token whose scope does not allow the request (a read token publishing, a publish token yanking). */
export const RegistryTokenScopeInsufficient = defineError('AETHER_E_REGISTRY_TOKEN_SCOPE_INSUFFICIENT',
  (label: string, scope: string, action: string, needed: string) => `The token of "${label}" has the ${scope} scope, and ${action} needs the ${needed} scope. Ask the registry operator for a token made with "aether registry token --scope ${needed}".`)

/** A name (scope, package or adapter name) that belongs to another publisher. */
export const RegistryNameOwned = defineError('AETHER_E_REGISTRY_NAME_OWNED',
  (packageName: string, problem: string) => `${packageName} cannot be published by you: ${problem}. Publish under a scope of your own (@yourname/package), or ask the registry operator if the name is yours.`)

/** Too many publishes from one token in the window. */
export const RegistryRateLimited = defineError('AETHER_E_REGISTRY_RATE_LIMITED',
  (label: string, limit: number, windowSeconds: number, retryAfterSeconds: number) => `The token of "${label}" has made ${limit} publish attempts in the last ${windowSeconds} s, the most this registry allows. Try again in ${retryAfterSeconds} s.`)

/** A tarball larger than the registry accepts. */
export const RegistryTarballTooLarge = defineError('AETHER_E_REGISTRY_TARBALL_TOO_LARGE',
  (packageName: string, size: string, limit: string) => `The tarball of ${packageName} is ${size}, more than the ${limit} this registry accepts. Leave build inputs, tests and data out of the package ("files" in package.json, or .npmignore); "npm pack --dry-run" lists what goes in.`)

/** A tarball holding what must never be unpacked: a path out of the package, an absolute path, a link, a device. */
export const RegistryTarballRefused = defineError('AETHER_E_REGISTRY_TARBALL_REFUSED',
  (packageName: string, entry: string, problem: string) => `The tarball of ${packageName} was refused: its entry "${entry}" ${problem}. Publish what "npm pack" makes from plain files (npm leaves links out).`)

/** Usage rows that are not usage.v1 records. */
export const RegistryUsageInvalid = defineError('AETHER_E_REGISTRY_USAGE_INVALID',
  (problem: string) => `The usage was refused: ${problem}. Send the usage.v1 records as the sandbox host stored them ("aether sandbox usage <config> --from <day> --to <day> --records").`)

/** A statement request that cannot be answered as asked. */
export const RegistryStatementInvalid = defineError('AETHER_E_REGISTRY_STATEMENT_INVALID',
  (problem: string) => `No statement: ${problem}.`)
