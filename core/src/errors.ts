import { defineError } from '@aether/plugin-api'

/** The plugin manifest does not match the manifest schema. */
export const ManifestInvalid = defineError('AETHER_E_MANIFEST_INVALID',
  (plugin: string, problem: string) =>
    `Plugin "${plugin}" has an invalid manifest: ${problem}. Fix the manifest the plugin exports.`)

/** A plugin requires another plugin that is not loaded. */
export const PluginMissing = defineError('AETHER_E_PLUGIN_MISSING',
  (plugin: string, dependency: string, range: string) =>
    `Plugin "${plugin}" requires "${dependency}" ${range}, which is not loaded; add it to the plugin list.`)

/** A plugin requires a version of another plugin that is not the one loaded. */
export const PluginIncompatible = defineError('AETHER_E_PLUGIN_INCOMPATIBLE',
  (plugin: string, dependency: string, range: string, installed: string) =>
    `Plugin "${plugin}" requires "${dependency}" ${range} but ${installed} is installed; ` +
    `install a version of "${dependency}" that satisfies ${range}.`)

/** A plugin was built for another kernel version. */
export const EngineIncompatible = defineError('AETHER_E_PLUGIN_ENGINE',
  (plugin: string, range: string, kernelVersion: string) =>
    `Plugin "${plugin}" runs on kernel ${range} but this kernel is ${kernelVersion}; ` +
    `install a version of "${plugin}" built for kernel ${kernelVersion}.`)

/** Plugins require each other in a loop. */
export const PluginCycle = defineError('AETHER_E_PLUGIN_CYCLE',
  (cycle: string[]) =>
    `Plugins require each other in a cycle: ${cycle.join(' -> ')}; remove one of these requirements.`)

/** The same plugin name was given twice. */
export const PluginDuplicate = defineError('AETHER_E_PLUGIN_DUPLICATE',
  (plugin: string) => `Plugin "${plugin}" is listed twice; keep one entry.`)

/** Two plugins claim an extension point that takes a single provider. */
export const ExtensionPointConflict = defineError('AETHER_E_EXTENSION_POINT_CONFLICT',
  (point: string, plugins: string[]) =>
    `Extension point "${point}" takes one provider but ${plugins.map((p) => `"${p}"`).join(' and ')} ` +
    `both provide it; remove all but one of them.`)

/** A plugin registered an implementation for a point it did not declare in `provides`. */
export const ExtensionPointUndeclared = defineError('AETHER_E_EXTENSION_POINT_UNDECLARED',
  (plugin: string, point: string) =>
    `Plugin "${plugin}" provides "${point}" without declaring it in its manifest's "provides".`)

/** Nothing provides an extension point that is needed. */
export const ExtensionPointMissing = defineError('AETHER_E_EXTENSION_POINT_MISSING',
  (point: string, name: string | undefined) =>
    name === undefined
      ? `No plugin provides "${point}"; add a plugin that provides it.`
      : `No plugin provides "${point}" named "${name}"; check the name or add the plugin that provides it.`)

/** A plugin's register() failed. */
export const PluginRegisterFailed = defineError('AETHER_E_PLUGIN_REGISTER',
  (plugin: string) => `Plugin "${plugin}" failed while registering; see the cause.`)

/** The configuration does not match its schema. */
export const ConfigInvalid = defineError('AETHER_E_CONFIG_INVALID',
  (where: string, path: string, problem: string) =>
    `Invalid configuration in ${where} at "${path || '/'}": ${problem}.`)

/** A configuration file could not be read or parsed. */
export const ConfigUnreadable = defineError('AETHER_E_CONFIG_UNREADABLE',
  (file: string, problem: string) => `Cannot read configuration file ${file}: ${problem}.`)

/** A plugin module could not be imported. */
export const PluginImportFailed = defineError('AETHER_E_PLUGIN_IMPORT',
  (specifier: string, problem: string) =>
    `Cannot load plugin module "${specifier}": ${problem}. Install it with npm, or fix the path.`)

/** The kernel was used in a state that does not allow the call. */
export const KernelState = defineError('AETHER_E_KERNEL_STATE',
  (action: string, state: string) => `Cannot ${action} while the kernel is ${state}.`)

/** An extension point implementation returned a result list that does not pair with its inputs. */
export const StageResultCount = defineError('AETHER_E_STAGE_RESULT_COUNT',
  (stage: string, returned: string, expected: number) =>
    `${stage} returned ${returned} for ${expected} inputs; it must return one result per input, in order. ` +
    'The inputs were kept as invalid records; fix the implementation.')

/** A stage asked for a consumer the pipeline topology does not declare. */
export const TopologyConsumerUnknown = defineError('AETHER_E_TOPOLOGY_CONSUMER_UNKNOWN',
  (durable: string, subject: string) =>
    `No consumer "${durable}" of "${subject}" in the pipeline topology; a stage must consume as pipelineConsumers() declares.`)

/** The running Node.js is older than Aether supports. */
export const NodeTooOld = defineError('AETHER_E_NODE_VERSION',
  (version: string, range: string) => `Node.js ${version} is too old; Aether needs ${range}: install Node.js 20.19 or later.`)

/** A plugin asked for a metric the kernel cannot register. */
export const PluginMetricInvalid = defineError('AETHER_E_PLUGIN_METRIC_INVALID',
  (plugin: string, name: string, problem: string) => `Plugin "${plugin}" asked for metric "${name}", which cannot be registered: ${problem}. Rename the metric in the plugin.`)
