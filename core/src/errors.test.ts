import * as pluginApi from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import * as errors from './errors.js'

describe('core errors', () => {
  const classes = Object.entries(errors)

  it('have unique codes', () => {
    const codes = classes.map(([, errorClass]) => errorClass.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('share no code with the errors of @aether/plugin-api', () => {
    const apiCodes = Object.values(pluginApi)
      .filter((value): value is typeof pluginApi.ContractUnknown => typeof value === 'function' && 'code' in value)
      .map((errorClass) => errorClass.code)
    expect(apiCodes).toContain('AETHER_E_CONTRACT_UNKNOWN')
    for (const [, errorClass] of classes) expect(apiCodes).not.toContain(errorClass.code)
  })

  it('have codes of the form AETHER_E_<AREA>_<PROBLEM>', () => {
    for (const [, errorClass] of classes) expect(errorClass.code).toMatch(/^AETHER_E_[A-Z]+(_[A-Z]+)+$/)
  })

  it('carry their code, message and cause', () => {
    const cause = new Error('disk full')
    const error = new errors.PluginRegisterFailed(['storage'], { cause })
    expect(error.code).toBe('AETHER_E_PLUGIN_REGISTER')
    expect(error.message).toBe('Plugin "storage" failed while registering; see the cause.')
    expect(error.cause).toBe(cause)
    expect(errors.PluginRegisterFailed.is(error)).toBe(true)
    expect(errors.PluginCycle.is(error)).toBe(false)
  })
})
