import { Kind, Type, type Static, type TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import semver from 'semver'
import { ManifestInvalid } from '../errors.js'

/** A plugin's declaration: who it is, what it runs on, provides and needs. Plain data. */
export const PluginManifest = Type.Object({
  /** npm-style name; other plugins refer to it in `requires`. */
  name: Type.String({ pattern: '^(@[a-z0-9-~][a-z0-9-._~]*/)?[a-z0-9-~][a-z0-9-._~]*$', maxLength: 214 }),
  version: Type.String({ minLength: 1 }),
  description: Type.Optional(Type.String()),
  /** Semver range of kernel versions the plugin runs on. */
  engine: Type.String({ minLength: 1 }),
  /** Extension point ids the plugin provides implementations for. */
  provides: Type.Optional(Type.Array(Type.String({ minLength: 1 }))),
  /** Other plugins by name, with the semver range needed of each. */
  requires: Type.Optional(Type.Record(Type.String(), Type.String())),
  /** TypeBox schema of the plugin's configuration. */
  configSchema: Type.Optional(Type.Unknown()),
}, { additionalProperties: false })
export type PluginManifest = Omit<Static<typeof PluginManifest>, 'configSchema' | 'provides' | 'requires'> & {
  provides: string[]
  requires: Record<string, string>
  configSchema?: TSchema
}

/** A manifest as a plugin author writes it: `provides` and `requires` may be left out. */
export type PluginManifestInput = Omit<PluginManifest, 'provides' | 'requires'> & Partial<Pick<PluginManifest, 'provides' | 'requires'>>

const checkManifest = TypeCompiler.Compile(PluginManifest)

/**
 * Checks a manifest's shape and its semver fields. Throws ManifestInvalid naming the plugin
 * (or its position when it has no usable name) and the first problem.
 */
export function validateManifest(manifest: unknown, position: number): PluginManifest {
  const label = typeof (manifest as { name?: unknown })?.name === 'string'
    ? (manifest as { name: string }).name
    : `#${position + 1} in the plugin list`
  if (!checkManifest.Check(manifest)) {
    const error = checkManifest.Errors(manifest).First()
    const where = error?.path ? `"${error.path}" ` : ''
    throw new ManifestInvalid([label, `${where}${error?.message.toLowerCase() ?? 'is not an object'}`])
  }
  if (semver.valid(manifest.version) === null) {
    throw new ManifestInvalid([label, `"version" ${JSON.stringify(manifest.version)} is not a semver version such as 1.2.3`])
  }
  if (semver.validRange(manifest.engine) === null) {
    throw new ManifestInvalid([label, `"engine" ${JSON.stringify(manifest.engine)} is not a semver range such as ^0.1.0`])
  }
  for (const [dependency, range] of Object.entries(manifest.requires ?? {})) {
    if (semver.validRange(range) === null) {
      throw new ManifestInvalid([label, `"requires.${dependency}" ${JSON.stringify(range)} is not a semver range`])
    }
  }
  const { configSchema } = manifest
  if (configSchema !== undefined && (typeof configSchema !== 'object' || configSchema === null || !(Kind in configSchema))) {
    throw new ManifestInvalid([label, '"configSchema" must be a TypeBox schema (built with Type.*)'])
  }
  return { ...manifest, configSchema: configSchema as TSchema | undefined, provides: manifest.provides ?? [], requires: manifest.requires ?? {} }
}
