import { rename, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import type { Logger } from '@aether/plugin-api'
import { loadRules } from './load-rules.js'
import { RulesPolicy } from '../rules-policy.js'
import { RulesWatcher, type ReloadOutcome } from './rules-watcher.js'
import { forecastOf } from '../../test/forecast-of.js'

const temporaryDirectory = temporaryDirectories()

/** A logger that keeps what it is given, to check what an operator would see. */
function keepingLogger(lines: Array<{ level: string; fields: object; message?: string }>): Logger {
  const at = (level: string) => (fields: object | string, message?: string) => {
    lines.push(typeof fields === 'string' ? { level, fields: {}, message: fields } : { level, fields, message })
  }
  const logger: Logger = {
    trace: at('trace'), debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), fatal: at('fatal'), child: () => logger,
  }
  return logger
}

const watchers: RulesWatcher[] = []
afterEach(async () => { await Promise.all(watchers.splice(0).map((watcher) => watcher.stop())) })

async function watched(initial: object) {
  const dir = await temporaryDirectory('aether-rules-')
  const file = join(dir, 'rules.json')
  await writeFile(file, JSON.stringify(initial))
  const policy = new RulesPolicy(await loadRules(file))
  const lines: Array<{ level: string; fields: object; message?: string }> = []
  const outcomes: ReloadOutcome[] = []
  let notify: (() => void) | undefined
  const watcher = new RulesWatcher(file, policy, keepingLogger(lines), (outcome) => { outcomes.push(outcome); notify?.() })
  watchers.push(watcher)
  watcher.start()
  const nextOutcome = () => new Promise<ReloadOutcome>((resolve) => { notify = () => resolve(outcomes.at(-1) as ReloadOutcome) })
  return { dir, file, policy, lines, nextOutcome }
}

describe('RulesWatcher', () => {
  it('puts a changed rules file in force without a restart', async () => {
    const { file, policy, nextOutcome } = await watched({ version: 1 })
    expect(policy.decide(forecastOf(0.6)).action).toBe('migrate')
    const reloaded = nextOutcome()
    await writeFile(file, JSON.stringify({ version: 1, guardrails: { killSwitch: true } }))
    expect((await reloaded).outcome).toBe('reloaded')
    expect(policy.decide(forecastOf(0.6, { pool: 'other' })).action).toBe('hold')
  })

  it('follows a file saved by rename, as editors do', async () => {
    const { dir, file, policy, nextOutcome } = await watched({ version: 1 })
    const before = policy.rules.version
    await writeFile(join(dir, 'rules.json.tmp'), JSON.stringify({ version: 1, defaults: { migrateAt: 0.7, drainAt: 0.9 } }))
    const reloaded = nextOutcome()
    await rename(join(dir, 'rules.json.tmp'), file)
    expect(await reloaded).toEqual({ outcome: 'reloaded', version: expect.not.stringMatching(before) })
    expect(policy.decide(forecastOf(0.6)).action).toBe('hold')
  })

  it('refuses a bad rules file, logs why, and keeps the rules in force', async () => {
    const { file, policy, lines, nextOutcome } = await watched({ version: 1 })
    const kept = policy.rules.version
    const refused = nextOutcome()
    await writeFile(file, JSON.stringify({ version: 1, defaults: { migrateAt: 1.5 } }))
    expect(await refused).toMatchObject({ outcome: 'refused', code: 'AETHER_E_POLICY_RULES_INVALID', keptVersion: kept })
    expect(policy.rules.version).toBe(kept)
    expect(policy.decide(forecastOf(0.6)).action).toBe('migrate')
    expect(lines.find((line) => line.level === 'error')).toMatchObject({
      fields: { code: 'AETHER_E_POLICY_RULES_INVALID', keptVersion: kept }, message: `policy rules refused; version ${kept} stays in force`,
    })
  })
})
