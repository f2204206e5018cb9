import { describe, expect, it } from 'vitest'
import type { AetherErrorClass } from '../src/define-error.js'

/**
 * The rules every package's `errors.ts` follows: each export is an error class made by
 * defineError, codes are unique and read `AETHER_E_<AREA>_<PROBLEM>`, with the package's area.
 */
export function describeErrorCodes(packageName: string, errors: Record<string, unknown>, area = '[A-Z]+'): void {
  describe(`${packageName} errors`, () => {
    const classes = Object.entries(errors) as Array<[string, AetherErrorClass<unknown[]>]>

    it('are all error classes with a code', () => {
      for (const [name, errorClass] of classes) expect({ name, code: typeof errorClass.code }).toEqual({ name, code: 'string' })
    })

    it('have unique codes', () => {
      const codes = classes.map(([, errorClass]) => errorClass.code)
      expect(new Set(codes).size).toBe(codes.length)
    })

    it(`have codes of the form AETHER_E_${area === '[A-Z]+' ? '<AREA>' : area}_<PROBLEM>`, () => {
      for (const [, errorClass] of classes) expect(errorClass.code).toMatch(new RegExp(`^AETHER_E_${area}(_[A-Z]+)+$`))
    })
  })
}
