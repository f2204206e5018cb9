import { describe, expect, it } from 'vitest'
import { parseLifecycleConfig } from './lifecycle-config.js'

const promoted = { version: 'tsmixer@1', stage: 'promoted' }

describe('parseLifecycleConfig', () => {
  it('applies the documented defaults', () => {
    expect(parseLifecycleConfig({ versions: [promoted] })).toMatchObject({ windowSize: 500, minOutcomes: 100, brierMargin: 0.02, maxP99LatencyMs: 1000, minBatches: 20 })
  })

  it('refuses a configuration without exactly one promoted version', () => {
    expect(() => parseLifecycleConfig({ versions: [{ version: 'tsmixer@2', stage: 'shadow' }] })).toThrow('0 versions are promoted, exactly one must be')
    expect(() => parseLifecycleConfig({ versions: [promoted, { version: 'tsmixer@2', stage: 'promoted' }] })).toThrow('2 versions are promoted, exactly one must be')
  })

  it('refuses a challenger without a canary share, and shares that add up to more than every tenant', () => {
    expect(() => parseLifecycleConfig({ versions: [promoted, { version: 'tsmixer@2', stage: 'challenger' }] })).toThrow('challenger "tsmixer@2" has no canaryShare')
    expect(() => parseLifecycleConfig({ versions: [promoted, { version: 'a', stage: 'challenger', canaryShare: 0.6 }, { version: 'b', stage: 'challenger', canaryShare: 0.6 }] }))
      .toThrow('add up to 1.2, more than 1')
  })

  it('refuses a version listed twice and an unknown stage, naming the field', () => {
    expect(() => parseLifecycleConfig({ versions: [promoted, promoted] })).toThrow('version "tsmixer@1" is listed twice')
    expect(() => parseLifecycleConfig({ versions: [{ version: 'tsmixer@1', stage: 'canary' }] })).toThrow('/versions/0/stage')
  })
})
