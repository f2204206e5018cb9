import { defineError } from '@aether/plugin-api'

// Refusals at install time: an adapter folder or .tgz the host will not load.

/** An adapter file could not be read or is not JSON. */
export const AdapterUnreadable = defineError('AETHER_E_SANDBOX_ADAPTER_UNREADABLE',
  (file: string, problem: string) => `Adapter file ${file} could not be read: ${problem}. Check the path in the sandbox-host "adapters" list and that the adapter was installed whole.`)

/** An adapter .tgz that is not a whole gzip-compressed tar archive. */
export const AdapterTarballCorrupt = defineError('AETHER_E_SANDBOX_TARBALL_CORRUPT',
  (tarball: string, problem: string) => `Adapter tarball ${tarball} is not a whole .tgz: ${problem}. Pack the adapter again (\`npm pack\` in its folder) and point the sandbox-host "adapters" entry at the new file.`)

/** An adapter .tgz holding what the host will not read: a link, an absolute or `..` path, more than the size limits. */
export const AdapterTarballUnsafe = defineError('AETHER_E_SANDBOX_TARBALL_UNSAFE',
  (tarball: string, problem: string) => `Adapter tarball ${tarball} is refused whole: ${problem}. An adapter tarball holds plain files and folders under one top folder, as \`npm pack\` makes it; get the package from its author again or pack its folder yourself.`)

/** aether-adapter.json does not follow the adapter format. */
export const AdapterManifestInvalid = defineError('AETHER_E_SANDBOX_MANIFEST_INVALID',
  (file: string, field: string, problem: string) => `Adapter manifest ${file} is invalid at ${field}: ${problem}. See docs/adapter-guide.md for the format.`)

/** The bundle on disk is not the one the manifest names. */
export const AdapterBundleMismatch = defineError('AETHER_E_SANDBOX_BUNDLE_MISMATCH',
  (file: string, expected: string, actual: string) => `Adapter bundle ${file} has sha512 ${actual.slice(0, 16)}… but its manifest records ${expected.slice(0, 16)}…; it was changed after it was built. Reinstall the adapter or rebuild it to write the new hash.`)

/** A lockfile-managed adapter folder differs from what aether-lock.json recorded at install. */
export const AdapterLockMismatch = defineError('AETHER_E_SANDBOX_LOCK_MISMATCH',
  (folder: string, problem: string) => `Adapter folder ${folder} is not what aether-lock.json installed: ${problem}. It was changed after "aether plugin add"; run "aether plugin install" to restore it from the registry.`)

/** A manifest asks for a capability that does not exist (only `fetch:<host>` and `kv` do). */
export const AdapterCapabilitiesUnsupported = defineError('AETHER_E_SANDBOX_CAPABILITIES_UNSUPPORTED',
  (where: string, capabilities: string[]) => `${where} names capabilities ${capabilities.map((c) => `"${c}"`).join(', ')}, which do not exist: an adapter may request "fetch:<host>[:<port>]" and "kv" (docs/adapter-guide.md).`)

/** An operator grant is malformed, or grants what the adapter's manifest does not request. */
export const AdapterGrantInvalid = defineError('AETHER_E_SANDBOX_GRANT_INVALID',
  (path: string, grant: string, problem: string) => `The sandbox-host entry for ${path} grants "${grant}", ${problem}. Grants are "fetch=<host>[:<port>]" and "kv", each for something the manifest requests (docs/adapter-guide.md).`)

/** A manifest limit is above what the operator allows. */
export const AdapterLimitAboveMaximum = defineError('AETHER_E_SANDBOX_LIMIT_ABOVE_MAXIMUM',
  (file: string, field: string, value: number, maximum: number) => `Adapter manifest ${file} sets ${field} to ${value}, above the operator maximum ${maximum}. Lower it in the manifest, or raise maxima.${field.split('.').pop() ?? ''} in the sandbox-host configuration.`)

/** An adapter whose engine range does not accept the running kernel. */
export const AdapterEngineIncompatible = defineError('AETHER_E_SANDBOX_ENGINE_INCOMPATIBLE',
  (adapter: string, engine: string, kernel: string) => `Adapter "${adapter}" runs on kernel ${engine}, not on this kernel ${kernel}. Install a version of the adapter built for ${kernel}, or ask its author for one.`)

/** An adapter of a kind this version of the host does not run. */
export const AdapterKindUnsupported = defineError('AETHER_E_SANDBOX_KIND_UNSUPPORTED',
  (file: string, kind: string) => `Adapter ${file} is a ${kind}, which this version of the sandbox host does not run (it runs enricher, validator, forecaster, policy and source adapters). Use a host version that runs it, or a first-party ${kind} plugin.`)

// Failures of the host itself, not of an adapter: the batch throws and the bus redelivers it.

/** A sandbox process could not be started. */
export const SandboxHostUnavailable = defineError('AETHER_E_SANDBOX_HOST_UNAVAILABLE',
  (problem: string) => `The sandbox host could not start a sandbox process: ${problem}. Check that isolated-vm is built (npm ci runs its install script) and that node accepts --no-node-snapshot.`)

/** The host was stopped while a call waited or ran. */
export const SandboxHostStopped = defineError('AETHER_E_SANDBOX_HOST_STOPPED',
  (adapter: string) => `The sandbox host stopped before adapter "${adapter}" could run; the batch is redelivered when the pipeline runs again.`)

// The outcome of a failed adapter call: every failed call carries exactly one of these codes.
// They travel as `<CODE>: <reason>` in item errors (see call-outcome.ts), so the stage keeps the
// batch's items as invalid with that reason.

/** The call passed its wall-clock deadline (its sandbox process was killed and replaced). */
export const SandboxTimeout = defineError('AETHER_E_SANDBOX_TIMEOUT',
  (adapter: string, timeoutMs: number) => `adapter "${adapter}" did not finish within ${timeoutMs} ms`)

/** The isolate passed its memory limit. */
export const SandboxMemoryLimit = defineError('AETHER_E_SANDBOX_MEMORY_LIMIT',
  (adapter: string, memoryMb: number) => `adapter "${adapter}" passed its memory limit of ${memoryMb} MB`)

/** The serialized output passed its size cap. */
export const SandboxOutputTooLarge = defineError('AETHER_E_SANDBOX_OUTPUT_TOO_LARGE',
  (adapter: string, maxOutputBytes: number) => `adapter "${adapter}" returned more than ${maxOutputBytes} bytes of output`)

/** A capability call was refused (a fetch target, a malformed request, a kv quota); the adapter catching it does not help. */
export const SandboxCapabilityDenied = defineError('AETHER_E_SANDBOX_CAPABILITY_DENIED',
  (adapter: string, problem: string) => `adapter "${adapter}" was denied a capability: ${problem}`)

/** The output broke the contract: not JSON, not one record per input, ids or tenants changed, wrong shape. */
export const SandboxContractViolation = defineError('AETHER_E_SANDBOX_CONTRACT_VIOLATION',
  (adapter: string, problem: string) => `adapter "${adapter}" broke its output contract: ${problem}`)

/** The adapter threw (or rejected), or its code ended its sandbox process. */
export const SandboxAdapterThrew = defineError('AETHER_E_SANDBOX_ADAPTER_THREW',
  (adapter: string, reason: string) => `adapter "${adapter}" threw: ${reason}`)

// A source has no items to fail: its failed poll ends the run, with the call's outcome.

/** A source adapter's poll failed: the run stops rather than end with the feed silently cut short. */
export const SandboxSourceFailed = defineError('AETHER_E_SANDBOX_SOURCE_FAILED',
  (adapter: string, poll: number, outcome: string) => `Source adapter "${adapter}" failed at poll ${poll}: ${outcome}. Records of its earlier polls may already be in the pipeline; the run stops here so that nothing after them is silently missing. Fix the adapter or its feed and run again: polling restarts from a null cursor, and records already stored count as duplicates.`)

// Not a call's outcome: the guards refuse a call with it before the sandbox is touched.

/** The adapter's circuit breaker is open (or half-open with its probe running). */
export const SandboxCircuitOpen = defineError('AETHER_E_SANDBOX_CIRCUIT_OPEN',
  (adapter: string, reason: string) => `adapter "${adapter}" was not called: ${reason}`)
