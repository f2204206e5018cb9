import { defineError } from '@aether/plugin-api'

// Why a conformance run could not start (exit code 2): nothing was judged, so there is no verdict.

/** The adapter path does not exist or cannot be read. */
export const ConformanceTargetMissing = defineError('AETHER_E_CONFORMANCE_TARGET_MISSING',
  (path: string, problem: string) => `Cannot read the adapter at ${path}: ${problem}. Pass an adapter folder (with package.json and aether-adapter.json) or the .tgz that \`npm pack\` made of one.`)

/** The tarball is not a gzip-compressed tar archive, or is cut short. */
export const ConformanceTarballCorrupt = defineError('AETHER_E_CONFORMANCE_TARBALL_CORRUPT',
  (path: string, problem: string) => `The adapter tarball ${path} is not a whole .tgz: ${problem}. Pack the adapter again (\`npm pack\` in its folder) and pass the new file.`)

/** The tarball holds something the harness will not extract. */
export const ConformanceTarballUnsafe = defineError('AETHER_E_CONFORMANCE_TARBALL_UNSAFE',
  (path: string, entry: string, problem: string) => `The adapter tarball ${path} holds "${entry.slice(0, 200)}", ${problem}; nothing was extracted. An adapter tarball holds plain files and folders under one top folder (as \`npm pack\` makes it).`)

/** The adapter has no readable aether-adapter.json. */
export const ConformanceManifestUnreadable = defineError('AETHER_E_CONFORMANCE_MANIFEST_UNREADABLE',
  (file: string, problem: string) => `The adapter manifest ${file} could not be read: ${problem}. Every adapter has an aether-adapter.json manifest (docs/adapter-guide.md); \`aether adapter build\` writes it.`)

/** A --baseline run was asked for two adapters of different kinds or names. */
export const ConformanceBaselineMismatch = defineError('AETHER_E_CONFORMANCE_BASELINE_MISMATCH',
  (problem: string) => `The baseline cannot be compared: ${problem}. Pass an earlier version of the same adapter as --baseline.`)

/** The adapter's recorded traffic (conformance/recorded-fetch.json) is not in its format. */
export const ConformanceRecordingsInvalid = defineError('AETHER_E_CONFORMANCE_RECORDINGS_INVALID',
  (file: string, problem: string) => `The adapter's recorded traffic ${file} cannot be used: ${problem}. It follows the schema aether.recorded-fetch.v1 (@aether/conformance/recorded-fetch.schema.json, docs/conformance.md "Recorded traffic").`)
