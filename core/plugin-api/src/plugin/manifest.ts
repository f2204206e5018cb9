import { Type, type Static, type TSchema } from '@sinclair/typebox'

/**
 * A plugin's declaration: who it is, what it runs on, provides and needs. Plain data. The schema
 * checks the shape; the kernel's loader also checks that `version`, `engine` and `requires` are
 * semver (which needs a semver parser this package does not carry).
 */
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
