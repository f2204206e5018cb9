import { defineError } from '@aether/plugin-api'

/** `adapter init` was given a kind that is not an extension point adapters implement. */
export const AdapterKindUnknown = defineError('AETHER_E_ADAPTER_KIND_UNKNOWN',
  (kind: string, kinds: readonly string[]) => `"${kind}" is not an adapter kind; use one of ${kinds.join(', ')}.`)

/** `adapter init` was given a name a pipeline could not refer to. */
export const AdapterNameInvalid = defineError('AETHER_E_ADAPTER_NAME_INVALID',
  (name: string) => `"${name}" is not a valid adapter name: use lowercase letters, digits, ".", "_" or "-", starting with a letter or digit (at most 100).`)

/** `adapter init` would overwrite files. */
export const AdapterFolderNotEmpty = defineError('AETHER_E_ADAPTER_FOLDER_NOT_EMPTY',
  (folder: string) => `${folder} exists and is not empty; choose another name or remove the folder first.`)

/** The adapter's package.json lacks what `adapter build` needs to write the manifest. */
export const AdapterPackageInvalid = defineError('AETHER_E_ADAPTER_PACKAGE_INVALID',
  (file: string, problem: string) => `${file} cannot be built as an adapter: ${problem}. \`aether adapter init\` writes a package.json with an "aetherAdapter" section to start from.`)

/** esbuild could not bundle the adapter, or the bundle would not run in the sandbox. */
export const AdapterBuildFailed = defineError('AETHER_E_ADAPTER_BUILD_FAILED',
  (folder: string, problem: string) => `Could not build the adapter in ${folder}: ${problem}`)

/** `adapter test` has no records to send. */
export const AdapterInputUnusable = defineError('AETHER_E_ADAPTER_INPUT_UNUSABLE',
  (where: string, problem: string) => `${where}: ${problem}. Pass --input with a JSON array of what the kind reads (docs/adapter-guide.md, "Kinds").`)
