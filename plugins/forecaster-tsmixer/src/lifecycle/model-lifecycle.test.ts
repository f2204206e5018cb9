import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createLogger } from '@aether/core'
import { HeuristicForecaster } from '@aether/plugin-forecaster'
import { describe, expect, it } from 'vitest'
import { LifecycleStateInvalid, LifecycleTransitionRefused, LifecycleVersionUnknown } from '../errors.js'
import { lifecycleStateFile } from './lifecycle-state-file.js'
import { ModelLifecycle } from './model-lifecycle.js'

// Operator transitions; the heuristic stands in as every version's forecaster (the ONNX runs are in test/integration).
const heuristic = new HeuristicForecaster({ horizonMinutes: 60, signalHalfLifeHours: 6 })
const forecasters = { 'v@1': heuristic, 'v@2': heuristic, 'v@3': heuristic }
const at = new Date('2026-12-02T04:00:00Z')
const lifecycleOf = (versions: unknown[]) => ModelLifecycle.create({ versions }, { forecasters, logger: createLogger({ level: 'silent' }), now: () => at })

describe('ModelLifecycle transitions', () => {
  it('starts a canary from a shadow only when the operator asks, and records it', async () => {
    const lifecycle = lifecycleOf([{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'shadow' }])
    await lifecycle.startCanary('v@2', 0.1)
    expect(lifecycle.versions[1]).toEqual({ version: 'v@2', stage: 'challenger', canaryShare: 0.1 })
    expect(lifecycle.events).toEqual([{ version: 'v@2', from: 'shadow', to: 'challenger', reason: 'operator', detail: 'canary share 0.1', at: at.toISOString() }])
  })

  it('refuses to promote anything but a challenger', async () => {
    const lifecycle = lifecycleOf([{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'shadow' }])
    await expect(lifecycle.promote('v@2')).rejects.toThrow(LifecycleTransitionRefused)
    expect(lifecycle.versions.map((entry) => entry.stage)).toEqual(['promoted', 'shadow'])
  })

  it('refuses a canary that would give the challengers more than every tenant', async () => {
    const lifecycle = lifecycleOf([{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'challenger', canaryShare: 0.7 }, { version: 'v@3', stage: 'shadow' }])
    await expect(lifecycle.startCanary('v@3', 0.5)).rejects.toThrow('more than 1')
    expect(lifecycle.versions[2]?.stage).toBe('shadow')
  })

  it('rolls back a challenger when the operator asks, and refuses to roll back anything else', async () => {
    const lifecycle = lifecycleOf([{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'challenger', canaryShare: 0.2 }])
    await lifecycle.rollBack('v@2')
    expect(lifecycle.versions[1]).toEqual({ version: 'v@2', stage: 'rolled-back' })
    expect(lifecycle.events).toEqual([{ version: 'v@2', from: 'challenger', to: 'rolled-back', reason: 'operator', detail: 'rolled back by the operator', at: at.toISOString() }])
    expect(lifecycle.versionFor('any-tenant')).toBe('v@1')
    await expect(lifecycle.rollBack('v@1')).rejects.toThrow(LifecycleTransitionRefused)
  })

  it('names the known versions when asked for an unknown one, or when a version has no forecaster', async () => {
    const lifecycle = lifecycleOf([{ version: 'v@1', stage: 'promoted' }])
    await expect(lifecycle.promote('v@9')).rejects.toThrow(LifecycleVersionUnknown)
    expect(() => lifecycleOf([{ version: 'v@1', stage: 'promoted' }, { version: 'v@7', stage: 'shadow' }])).toThrow('known: v@1, v@2, v@3')
  })

  it('restores stages and their history from the state file after a restart, and refuses a corrupt file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-lifecycle-'))
    try {
      const stateFile = join(dir, 'state', 'lifecycle.json')
      const versions = [{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'shadow' }]
      const deps = { forecasters, logger: createLogger({ level: 'silent' }), now: () => at }
      const started = async () => {
        const lifecycle = ModelLifecycle.create({ versions }, deps)
        await lifecycle.attach(lifecycleStateFile(stateFile))
        return lifecycle
      }
      await (await started()).startCanary('v@2', 0.3)
      const restarted = await started()
      expect(restarted.versions[1]).toEqual({ version: 'v@2', stage: 'challenger', canaryShare: 0.3 })
      expect(restarted.events).toHaveLength(1)
      expect(restarted.revision).toBe(1)
      await restarted.promote('v@2')
      expect((await started()).versions.map((entry) => entry.stage)).toEqual(['retired', 'promoted'])
      writeFileSync(stateFile, '{"versions": [')
      await expect(started()).rejects.toThrow(LifecycleStateInvalid)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it('shares a state file between two lifecycles: a change saved by one is picked up by the other, and a save from an older revision is applied again on the newer one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'aether-lifecycle-'))
    try {
      const stateFile = join(dir, 'lifecycle.json')
      const versions = [{ version: 'v@1', stage: 'promoted' }, { version: 'v@2', stage: 'shadow' }, { version: 'v@3', stage: 'shadow' }]
      const started = async () => {
        const lifecycle = ModelLifecycle.create({ versions }, { forecasters, logger: createLogger({ level: 'silent' }), now: () => at })
        await lifecycle.attach(lifecycleStateFile(stateFile))
        return lifecycle
      }
      const first = await started()
      const second = await started()
      await first.startCanary('v@2', 0.2)
      // `second` still holds revision 0: its save is refused, it re-reads revision 1 and applies its canary to it.
      await second.startCanary('v@3', 0.3)
      expect(second.revision).toBe(2)
      expect(second.versions.map((entry) => entry.stage)).toEqual(['promoted', 'challenger', 'challenger'])
      expect(await first.refresh()).toBe(true)
      expect(first.versions).toEqual(second.versions)
      expect(first.events.map((event) => event.version)).toEqual(['v@2', 'v@3'])
      expect(await first.refresh()).toBe(false)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
