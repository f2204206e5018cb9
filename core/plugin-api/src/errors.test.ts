import { describe, expect, it } from 'vitest'
import * as errors from './errors.js'

describe('plugin-api errors', () => {
  const classes = Object.entries(errors)

  it('have unique codes', () => {
    const codes = classes.map(([, errorClass]) => errorClass.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('have codes of the form AETHER_E_<AREA>_<PROBLEM>', () => {
    for (const [, errorClass] of classes) expect(errorClass.code).toMatch(/^AETHER_E_[A-Z]+(_[A-Z]+)+$/)
  })

  it('carry their code, message and cause', () => {
    const cause = new Error('value too long')
    const error = new errors.StorageRecordsRefused(['PostgreSQL', 'a text holds NUL'], { cause })
    expect(error.code).toBe('AETHER_E_STORAGE_RECORDS_REFUSED')
    expect(error.message).toBe('PostgreSQL refused the batch for its data: a text holds NUL.')
    expect(error.cause).toBe(cause)
    expect(errors.StorageRecordsRefused.is(error)).toBe(true)
    expect(errors.ContractUnknown.is(error)).toBe(false)
  })
})
