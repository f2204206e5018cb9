// The `aether adapter` commands, and the functions behind them for tests and tools.

import { addAdapterCommands } from './adapter-commands.js'

export { buildAdapter, bundleAdapter, isBuildCurrent, manifestText, bundleEntry, type BuiltAdapter, type AdapterBundle } from './build-adapter.js'
export { scaffoldAdapter } from './scaffold-adapter.js'
export { tryAdapter, type AdapterTrial } from './try-adapter.js'
export type { AdapterKindName } from './adapter-kinds.js'
export {
  AdapterKindUnknown, AdapterNameInvalid, AdapterFolderNotEmpty, AdapterPackageInvalid, AdapterBuildFailed, AdapterInputUnusable,
} from './errors.js'

/** The CLI commands this package contributes to `aether`. */
export const commands = [addAdapterCommands]
