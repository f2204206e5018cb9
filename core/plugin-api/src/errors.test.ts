import { describeErrorCodes } from '@aether/plugin-api/testing'
import { describe, expect, it } from 'vitest'
import * as errors from './errors.js'

describeErrorCodes('@aether/plugin-api', errors)

describe('a plugin-api error', () => {
  it('carries its code, message and cause', () => {
    const cause = new Error('value too long')
    const error = new errors.StorageRecordsRefused(['PostgreSQL', 'a text holds NUL'], { cause })
    expect(error.code).toBe('AETHER_E_STORAGE_RECORDS_REFUSED')
    expect(error.message).toBe('PostgreSQL refused the batch for its data: a text holds NUL.')
    expect(error.cause).toBe(cause)
    expect(errors.StorageRecordsRefused.is(error)).toBe(true)
    expect(errors.ContractUnknown.is(error)).toBe(false)
  })
})
