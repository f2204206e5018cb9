import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { createKernel, createLogger, policyEnginePoint } from '@aether/core'
import { temporaryDirectories } from '@aether/core/testing'
import { plugin } from './plugin.js'
import type { RulesPolicy } from './rules-policy.js'
import { forecastOf } from '../test/forecast-of.js'

const temporaryDirectory = temporaryDirectories()
const logger = createLogger({ level: 'silent' })

describe('the policy plugin', () => {
  it('provides only the threshold policy when no rules are configured, as before', async () => {
    const kernel = createKernel({ logger, plugins: [{ plugin, config: { migrateAt: 0.5, drainAt: 0.8 } }] })
    await kernel.start()
    expect(kernel.resolveAll(policyEnginePoint).map((engine) => engine.name)).toEqual(['threshold'])
    await kernel.stop()
  })

  it('also provides the rules policy, its file relative to the configuration, reloaded while the kernel runs', async () => {
    const dir = await temporaryDirectory('aether-policy-')
    await writeFile(join(dir, 'rules.json'), JSON.stringify({ version: 1 }))
    const kernel = createKernel({ logger, baseDir: dir, plugins: [{ plugin, config: { rules: { path: 'rules.json', workloads: [
      { id: 'checkout', pool: 'c3-highcpu-88', attributes: { tier: 'critical' } },
    ] } } }] })
    await kernel.start()
    const rules = kernel.resolve(policyEnginePoint, 'rules') as RulesPolicy
    expect(rules.decide(forecastOf(0.6)).workloads?.map((w) => [w.workload, w.action])).toEqual([['checkout', 'migrate']])
    const before = rules.rules.version
    await writeFile(join(dir, 'rules.json'), JSON.stringify({ version: 1, guardrails: { killSwitch: true } }))
    await expect.poll(() => rules.rules.version, { timeout: 5_000 }).not.toBe(before)
    expect(rules.decide(forecastOf(0.6, { pool: 'c3-highcpu-88', timestamp: '2023-04-30T09:00:00.000Z' })).action).toBe('hold')
    await kernel.stop()
  })

  it('fails the start on a bad rules file, naming the path of the problem', async () => {
    const dir = await temporaryDirectory('aether-policy-')
    await writeFile(join(dir, 'rules.json'), JSON.stringify({ version: 1, guardrails: { cooldownMinutes: -1 } }))
    const kernel = createKernel({ logger, baseDir: dir, plugins: [{ plugin, config: { rules: { path: 'rules.json' } } }] })
    const failure = await kernel.start().then(() => undefined, (error: Error) => error)
    expect(failure?.message).toBe('Plugin "@aether/plugin-policy" failed while registering; see the cause.')
    expect((failure?.cause as Error).message).toMatch(/^The rules file .*rules\.json is invalid at \/guardrails\/cooldownMinutes: Expected integer to be greater or equal to 0 \(got -1\)/)
  })
})
