import { PluginManifest } from '@aether/plugin-api'
import { Kind, type TSchema } from '@sinclair/typebox'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import semver from 'semver'
import { ManifestInvalid } from '../errors.js'

// The manifest's schema and types are the plugin contract (@aether/plugin-api); the semver
// checks are the kernel's, so that the contract package needs nothing but TypeBox.

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
