import { describe, expect, it } from 'vitest'
import * as errors from './errors.js'

describe('storage errors', () => {
  const classes = Object.entries(errors)

  it('have unique codes', () => {
    const codes = classes.map(([, errorClass]) => errorClass.code)
    expect(new Set(codes).size).toBe(codes.length)
  })

  it('have codes of the form AETHER_E_STORAGE_<PROBLEM>', () => {
    for (const [, errorClass] of classes) expect(errorClass.code).toMatch(/^AETHER_E_STORAGE_[A-Z]+(_[A-Z]+)*$/)
  })

})
