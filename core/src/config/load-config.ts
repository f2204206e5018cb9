import { readFile } from 'node:fs/promises'
import { resolve } from 'node:path'
import type { TSchema } from '@sinclair/typebox'
import { Value, type ValueError } from '@sinclair/typebox/value'
import { ConfigInvalid, ConfigUnreadable } from '../errors.js'
import { AetherConfig } from './aether-config.js'

/** Where one configuration value came from, so an error can name it. */
interface Layer {
  describe(path: string): string
  values: Record<string, unknown>
}

/** What loadConfig reads. Each later layer overrides the earlier ones. */
export interface ConfigSources {
  /** A JSON file (a pipeline file is one). */
  file?: string
  /** Environment variables; only `AETHER_*` ones are read, except `AETHER_TEST_*` (reserved for tests). */
  env?: Record<string, string | undefined>
  /**
   * `path=value` pairs from the command line, e.g. `log.level=debug` (from `--set`), or with the
   * flag that set them, e.g. `{ set: 'tenant=acme', flag: '--tenant' }`, so that errors name it.
   */
  flags?: Array<string | { set: string; flag: string }>
}

/** A loaded configuration and the directory relative paths in it are resolved from. */
export interface LoadedConfig {
  config: AetherConfig
  baseDir: string
}

/**
 * Builds the configuration from defaults, a file, `AETHER_*` environment variables and
 * command-line flags, in that order, and validates the result. An invalid value stops with the
 * path of the bad key and where it was set.
 *
 * @example
 * // AETHER_LOG__LEVEL=debug sets log.level; AETHER_BUS__MAX_IN_FLIGHT=4 sets bus.maxInFlight
 * const { config } = await loadConfig({ file: 'pipeline.json', env: process.env, flags: ['tenant=acme'] })
 */
export async function loadConfig(sources: ConfigSources = {}): Promise<LoadedConfig> {
  const layers: Layer[] = []
  if (sources.file !== undefined) layers.push(await fileLayer(sources.file))
  if (sources.env !== undefined) layers.push(envLayer(sources.env))
  if (sources.flags !== undefined) layers.push(flagLayer(sources.flags))
  const merged = layers.reduce<Record<string, unknown>>((config, layer) => deepMerge(config, layer.values), {})
  const config = validateConfig(AetherConfig, merged, (path) => `${describeOrigin(layers, path)}${describePlugin(merged, path)}`)
  const baseDir = sources.file === undefined ? process.cwd() : resolve(sources.file, '..')
  return { config, baseDir }
}

/**
 * Converts, defaults and checks a value against a schema; throws ConfigInvalid naming the first
 * bad path. Used for the kernel configuration and for each plugin's own.
 */
export function validateConfig<T extends TSchema>(
  schema: T, value: unknown, origin: (path: string) => string,
): ReturnType<typeof Value.Decode<T>> {
  const original = Value.Clone(value ?? {})
  const converted = Value.Default(schema, Value.Convert(schema, Value.Clone(original)))
  const first = Value.Errors(schema, converted).First()
  if (first !== undefined) {
    throw new ConfigInvalid([origin(first.path), first.path, `${describeProblem(first)} (got ${JSON.stringify(first.value)})`])
  }
  // Convert truncates 1.5 to 1 for an integer: a value that changed is refused, not silently altered.
  const altered = alteredNumber(original, converted, '')
  if (altered !== undefined) {
    throw new ConfigInvalid([origin(altered.path), altered.path, `Expected integer (got ${JSON.stringify(altered.value)})`])
  }
  return Value.Decode(schema, converted)
}

/** TypeBox's message, with the allowed values where it would only say "Expected union value". */
function describeProblem(error: ValueError): string {
  const choices = (error.schema.anyOf as TSchema[] | undefined)?.map((option) => option.const as unknown)
  if (choices !== undefined && choices.every((choice) => typeof choice === 'string')) {
    return `Expected one of ${choices.join(', ')}`
  }
  return error.message
}

/** The first number (or numeric string) that conversion turned into another number. */
function alteredNumber(original: unknown, converted: unknown, path: string): { path: string; value: unknown } | undefined {
  if (typeof converted === 'number' && (typeof original === 'number' || typeof original === 'string')) {
    return Number(original) === converted ? undefined : { path, value: original }
  }
  if (typeof original !== 'object' || original === null || typeof converted !== 'object' || converted === null) return undefined
  for (const [key, item] of Object.entries(original)) {
    const found = alteredNumber(item, (converted as Record<string, unknown>)[key], `${path}/${key}`)
    if (found !== undefined) return found
  }
  return undefined
}

async function fileLayer(file: string): Promise<Layer> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (error) {
    throw new ConfigUnreadable([file, (error as Error).message], { cause: error })
  }
  let values: unknown
  try {
    values = JSON.parse(text)
  } catch (error) {
    throw new ConfigUnreadable([file, `not valid JSON (${(error as Error).message})`], { cause: error })
  }
  if (typeof values !== 'object' || values === null || Array.isArray(values)) {
    throw new ConfigUnreadable([file, 'the top level must be a JSON object'])
  }
  return { values: values as Record<string, unknown>, describe: () => `file ${file}` }
}

// Test helpers read AETHER_TEST_POSTGRES_URL and the like, and CLIs spawned by tests inherit them:
// they are not configuration, so the loader leaves the whole prefix alone.
const testPrefix = 'AETHER_TEST_'

function envLayer(env: Record<string, string | undefined>): Layer {
  const values: Record<string, unknown> = {}
  const names = new Map<string, string>()
  for (const [name, raw] of Object.entries(env)) {
    if (!name.startsWith('AETHER_') || name.startsWith(testPrefix) || raw === undefined) continue
    const path = name.slice('AETHER_'.length).split('__').map(camelCase)
    setPath(values, path, parseScalar(raw))
    names.set(`/${path.join('/')}`, name)
  }
  return { values, describe: (path) => `environment variable ${names.get(path) ?? 'AETHER_*'}` }
}

function flagLayer(flags: Array<string | { set: string; flag: string }>): Layer {
  const values: Record<string, unknown> = {}
  const names = new Map<string, string>()
  for (const given of flags) {
    const { set, flag } = typeof given === 'string' ? { set: given, flag: undefined } : given
    const at = set.indexOf('=')
    if (at <= 0) throw new ConfigInvalid([`flag --set ${set}`, '', 'expected path=value, e.g. log.level=debug'])
    const path = set.slice(0, at).split('.')
    setPath(values, path, parseScalar(set.slice(at + 1)))
    if (flag !== undefined) names.set(`/${path.join('/')}`, flag)
    else names.delete(`/${path.join('/')}`)
  }
  return { values, describe: (path) => `flag ${names.get(path) ?? `--set ${path.slice(1).replaceAll('/', '.')}`}` }
}

function describeOrigin(layers: Layer[], path: string): string {
  const segments = path.split('/').filter(Boolean)
  for (const layer of [...layers].reverse()) {
    for (let length = segments.length; length > 0; length--) {
      if (hasPath(layer.values, segments.slice(0, length))) return layer.describe(`/${segments.slice(0, length).join('/')}`)
    }
  }
  return 'the defaults'
}

/** For a path inside the plugin list, which plugin it is about: a position alone says little. */
function describePlugin(merged: Record<string, unknown>, path: string): string {
  const position = /^\/plugins\/(\d+)(\/|$)/.exec(path)?.[1]
  if (position === undefined) return ''
  const use = (merged.plugins as Array<{ use?: unknown } | undefined> | undefined)?.[Number(position)]?.use
  return typeof use === 'string' && use !== ''
    ? ` (plugin "${use}")`
    : ` (plugin entry ${Number(position) + 1}, which names no module in "use")`
}

/** `MAX_IN_FLIGHT` → `maxInFlight`. */
function camelCase(segment: string): string {
  return segment.toLowerCase().replace(/_([a-z0-9])/g, (_, letter: string) => letter.toUpperCase())
}

/** Numbers, booleans, arrays and objects may be written as JSON; anything else is a string. */
function parseScalar(raw: string): unknown {
  try {
    return JSON.parse(raw)
  } catch {
    return raw
  }
}

function setPath(target: Record<string, unknown>, path: string[], value: unknown): void {
  let node = target
  for (const key of path.slice(0, -1)) {
    const next = node[key]
    node[key] = typeof next === 'object' && next !== null && !Array.isArray(next) ? next : {}
    node = node[key] as Record<string, unknown>
  }
  node[path[path.length - 1] as string] = value
}

function hasPath(target: unknown, path: string[]): boolean {
  let node = target
  for (const key of path) {
    if (typeof node !== 'object' || node === null || !(key in node)) return false
    node = (node as Record<string, unknown>)[key]
  }
  return true
}

function deepMerge(base: Record<string, unknown>, override: Record<string, unknown>): Record<string, unknown> {
  const result: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(override)) result[key] = mergeValue(result[key], value)
  return result
}

/** Objects merge by key; an object with index keys (from `--set plugins.0.use=...`) merges into an array by index. */
function mergeValue(current: unknown, value: unknown): unknown {
  const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)
  if (Array.isArray(current) && isObject(value) && Object.keys(value).every((key) => /^\d+$/.test(key))) {
    const merged: unknown[] = [...current]
    for (const [index, item] of Object.entries(value)) merged[Number(index)] = mergeValue(merged[Number(index)], item)
    return merged
  }
  return isObject(current) && isObject(value) ? deepMerge(current, value) : value
}
