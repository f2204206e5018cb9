import * as pluginApi from '@aether/plugin-api'
import { describe, expect, it } from 'vitest'
import { describeErrorCodes } from '@aether/plugin-api/testing'
import * as errors from './errors.js'

describeErrorCodes('@aether/core', errors)

describe('core errors', () => {
  const classes = Object.entries(errors)

  it('share no code with the errors of @aether/plugin-api', () => {
    const apiCodes = Object.values(pluginApi)
      .filter((value): value is typeof pluginApi.ContractUnknown => typeof value === 'function' && 'code' in value)
      .map((errorClass) => errorClass.code)
    expect(apiCodes).toContain('AETHER_E_CONTRACT_UNKNOWN')
    for (const [, errorClass] of classes) expect(apiCodes).not.toContain(errorClass.code)
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
