import { Type } from '@sinclair/typebox'
import { describe, expect, it } from 'vitest'
import { validateManifest } from './manifest.js'

const valid = { name: 'policy', version: '1.2.3', engine: '^0.1.0', provides: [], requires: {} }

describe('validateManifest', () => {
  it('accepts a complete manifest and fills provides and requires when absent', () => {
    const { provides, requires, ...rest } = valid
    expect(validateManifest(rest, 0)).toMatchObject({ ...rest, provides: [], requires: {} })
  })

  it('refuses a manifest that is not an object, naming its position in the list', () => {
    expect(() => validateManifest(42, 2)).toThrow(
      'Plugin "#3 in the plugin list" has an invalid manifest: expected object. Fix the manifest the plugin exports.')
  })

  it('refuses a missing name', () => {
    const { name, ...nameless } = valid
    expect(() => validateManifest(nameless, 0)).toThrow(
      'Plugin "#1 in the plugin list" has an invalid manifest: "/name" expected required property. Fix the manifest the plugin exports.')
  })

  it('refuses a version that is not semver', () => {
    expect(() => validateManifest({ ...valid, version: 'latest' }, 0)).toThrow(
      'Plugin "policy" has an invalid manifest: "version" "latest" is not a semver version such as 1.2.3.')
  })

  it('refuses an engine that is not a semver range', () => {
    expect(() => validateManifest({ ...valid, engine: 'new' }, 0)).toThrow(
      'Plugin "policy" has an invalid manifest: "engine" "new" is not a semver range such as ^0.1.0.')
  })

  it('refuses a requirement whose range is not semver', () => {
    expect(() => validateManifest({ ...valid, requires: { storage: 'soon' } }, 0)).toThrow(
      'Plugin "policy" has an invalid manifest: "requires.storage" "soon" is not a semver range.')
  })

  it('refuses unknown keys', () => {
    expect(() => validateManifest({ ...valid, provide: [] }, 0)).toThrow(/Plugin "policy" has an invalid manifest: .*unexpected property/)
  })

  it('refuses a config schema that is not a TypeBox schema', () => {
    expect(() => validateManifest({ ...valid, configSchema: { type: 'object' } }, 0)).toThrow(
      'Plugin "policy" has an invalid manifest: "configSchema" must be a TypeBox schema (built with Type.*).')
  })

  it('keeps a TypeBox config schema', () => {
    const configSchema = Type.Object({ threshold: Type.Number() })
    expect(validateManifest({ ...valid, configSchema }, 0).configSchema).toBe(configSchema)
  })
})
