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

// Refusals of `aether plugin add / install / remove / outdated` (src/install/), printed by the
// CLI: each says what was wrong with which package and what to do.

/** The registry could not be reached, or answered with an error. */
export const InstallRegistryUnreachable = defineError('AETHER_E_REGISTRY_INSTALL_UNREACHABLE',
  (url: string, problem: string) => `The registry at ${url} could not be used: ${problem}. Check --registry (or AETHER_REGISTRY_URL) and that the registry is running.`)

/** No certified version satisfies the range. */
export const InstallVersionUnresolved = defineError('AETHER_E_REGISTRY_INSTALL_VERSION_UNRESOLVED',
  (spec: string, problem: string) => `No version of ${spec} can be installed: ${problem}. Pick another range (npm view <name> versions --registry <url> lists them).`)

/** The downloaded tarball is not the one the registry declared, or the lockfile recorded. */
export const InstallIntegrityMismatch = defineError('AETHER_E_REGISTRY_INSTALL_INTEGRITY_MISMATCH',
  (id: string, expected: string, actual: string) => `The tarball of ${id} has integrity ${actual.slice(0, 30)}… but ${expected.slice(0, 30)}… was expected: it was changed on the way or on the registry. Nothing was installed; do not install it, and tell the registry operator.`)

/** The version has no valid certificate covering this tarball. */
export const InstallNotCertified = defineError('AETHER_E_REGISTRY_INSTALL_NOT_CERTIFIED',
  (id: string, problem: string) => `${id} is not certified for installation: ${problem}. Only certified versions install; pick a certified one or wait for the registry to judge it.`)

/** The certified kernel range does not accept this kernel. */
export const InstallEngineIncompatible = defineError('AETHER_E_REGISTRY_INSTALL_ENGINE_INCOMPATIBLE',
  (id: string, range: string, kernel: string) => `${id} was certified for kernel ${range}, not for this kernel ${kernel}. Install a version certified for ${kernel}.`)

/** Capabilities the adapter asks for that nobody granted, with no terminal to ask on. */
export const InstallGrantRequired = defineError('AETHER_E_REGISTRY_INSTALL_GRANT_REQUIRED',
  (id: string, capabilities: string[], flags: string) => `${id} asks for ${capabilities.join(', ')}, and nothing granted ${capabilities.length === 1 ? 'it' : 'them'} (no terminal to ask on). Run again with ${flags} to grant, or --yes to grant all it asks for.`)

/** An update asks for more capabilities than the locked version, without a new grant. */
export const InstallCapabilityEscalation = defineError('AETHER_E_REGISTRY_INSTALL_CAPABILITY_ESCALATION',
  (id: string, lockedVersion: string, capabilities: string[], flags: string) => `${id} asks for ${capabilities.join(', ')}, which the installed ${lockedVersion} did not: an update that asks for more needs a new grant. Run again with ${flags} to grant ${capabilities.length === 1 ? 'it' : 'them'}, or stay on ${lockedVersion}.`)

/** A tarball entry that would land outside the adapter folder, or is not a plain file. */
export const InstallTarballUnsafe = defineError('AETHER_E_REGISTRY_INSTALL_TARBALL_UNSAFE',
  (id: string, entry: string, problem: string) => `The tarball of ${id} has entry "${entry}", ${problem}. Nothing was installed; do not install it, and tell the registry operator.`)

/** aether-lock.json cannot be read, or does not list what was asked for. */
export const InstallLockfileInvalid = defineError('AETHER_E_REGISTRY_INSTALL_LOCKFILE_INVALID',
  (file: string, problem: string) => `${file} ${problem}. Fix or remove it, then run "aether plugin add <name>@<range>" again.`)

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
