import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import { loadRules, parseRules } from './load-rules.js'

const temporaryDirectory = temporaryDirectories()

const parse = (value: unknown) => () => parseRules(JSON.stringify(value), 'rules.json')

describe('loadRules', () => {
  it('fills in the defaults of a minimal file and names its version by content', () => {
    const loaded = parseRules('{"version":1}', 'rules.json')
    expect(loaded.rules).toEqual({
      version: 1, defaults: { migrateAt: 0.5, drainAt: 0.8, maxRiskAllocation: 1 }, rules: [],
      guardrails: { killSwitch: false, migrationRate: { max: 10, windowMinutes: 60 }, cooldownMinutes: 120 },
    })
    expect(loaded.version).toMatch(/^sha256:[0-9a-f]{16}$/)
    expect(parseRules('{"version": 1}', 'rules.json').version).not.toBe(loaded.version)
  })

  it('names the path of a value the schema refuses', () => {
    expect(parse({ version: 1, rules: [{ id: 'ok', when: {}, then: { migrateAt: 0.3 } }, { id: 'bad', when: { workload: { tier: [] } }, then: { migrateAt: 0.3 } }] }))
      .toThrow(expect.objectContaining({
        code: 'AETHER_E_POLICY_RULES_INVALID',
        message: 'The rules file rules.json is invalid at /rules/1/when/workload/tier: Expected array length to be greater or equal to 1 (got []). ' +
          'Fix that value; rules that fail this check are never used.',
      }))
  })

  it('refuses an unknown condition, naming it', () => {
    expect(parse({ version: 1, rules: [{ id: 'r', when: { colour: ['blue'] }, then: { maxAction: 'hold' } }] }))
      .toThrow('is invalid at /rules/0/when/colour: Unexpected property')
  })

  it('refuses a rule whose thresholds, with the defaults filled in, are out of order', () => {
    expect(parse({ version: 1, rules: [{ id: 'r', when: {}, then: { migrateAt: 0.9 } }] })).toThrow(
      'The rules file rules.json is invalid at /rules/0/then/migrateAt: migrateAt 0.9 must be below drainAt 0.8 (with the defaults filled in).')
  })

  it('refuses a rule id used twice', () => {
    expect(parse({ version: 1, rules: [{ id: 'r', when: {}, then: { maxAction: 'hold' } }, { id: 'r', when: {}, then: { maxAction: 'migrate' } }] }))
      .toThrow('is invalid at /rules/1/id: rule id "r" is used twice')
  })

  it('says when a file is missing or no JSON', async () => {
    const dir = await temporaryDirectory('aether-rules-')
    await expect(loadRules(join(dir, 'absent.json'))).rejects.toThrow(`Cannot read the rules file ${join(dir, 'absent.json')}: ENOENT.`)
    await writeFile(join(dir, 'broken.json'), '{"version": 1,')
    await expect(loadRules(join(dir, 'broken.json'))).rejects.toThrow(expect.objectContaining({ code: 'AETHER_E_POLICY_RULES_UNREADABLE' }))
  })
})
