import { describe, expect, it } from 'vitest'
import { formatCents, lineAmounts, revenueShareProblem, type RevenueShare } from './revenue-share.js'

const terms: RevenueShare = { publisherShare: '0.70', pricePer1000Records: '0.50', currency: 'EUR' }
const amounts = (records: number, t = terms) => {
  const a = lineAmounts(BigInt(records), t)
  return { gross: formatCents(a.grossCents), publisher: formatCents(a.publisherCents), operator: formatCents(a.operatorCents) }
}

describe('revenue-share amounts (exact, then rounded to cents, halves up)', () => {
  it('prices records per 1,000 and splits the gross by the share', () => {
    expect(amounts(1_000)).toEqual({ gross: '0.50', publisher: '0.35', operator: '0.15' })
    expect(amounts(2_000_000)).toEqual({ gross: '1000.00', publisher: '700.00', operator: '300.00' })
    expect(amounts(0)).toEqual({ gross: '0.00', publisher: '0.00', operator: '0.00' })
  })

  it('rounds the gross and the publisher\'s part each from the exact amount, and the operator gets the difference', () => {
    // 12,345 × 0.50 / 1,000 = 6.1725 → 6.17; × 0.70 = 4.32075 → 4.32; 6.17 − 4.32 = 1.85.
    expect(amounts(12_345)).toEqual({ gross: '6.17', publisher: '4.32', operator: '1.85' })
    // 1,001 records: 0.5005 → 0.50; 0.35035 → 0.35.
    expect(amounts(1_001)).toEqual({ gross: '0.50', publisher: '0.35', operator: '0.15' })
    // 10 records: 0.005 is half a cent → 0.01; the publisher's 0.0035 → 0.00.
    expect(amounts(10)).toEqual({ gross: '0.01', publisher: '0.00', operator: '0.01' })
    // A half cent for the publisher rounds up too: 0.01 × 0.5 = 0.005 → 0.01, operator 0.00.
    expect(amounts(20, { ...terms, publisherShare: '0.5' })).toEqual({ gross: '0.01', publisher: '0.01', operator: '0.00' })
  })

  it('keeps large counts exact (no binary fractions)', () => {
    // 123,456,789,012 records at 0.333333 per 1,000 = 41,152,221.851736996; share 0.1 = 4,115,222.1851736996
    // (worked out with Python's decimal module).
    expect(amounts(123_456_789_012, { ...terms, pricePer1000Records: '0.333333', publisherShare: '0.1' }))
      .toEqual({ gross: '41152221.85', publisher: '4115222.19', operator: '37036999.66' })
  })

  it('refuses terms it cannot compute with', () => {
    expect(revenueShareProblem(terms)).toBeUndefined()
    expect(revenueShareProblem({ ...terms, publisherShare: '1.2' })).toContain('between 0 and 1')
    expect(revenueShareProblem({ ...terms, publisherShare: '1' })).toBeUndefined()
    expect(revenueShareProblem({ ...terms, pricePer1000Records: '0.1234567' })).toContain('at most 6 decimals')
    expect(revenueShareProblem({ ...terms, pricePer1000Records: '-1' })).toContain('not a decimal')
  })
})
