/**
 * The terms of the revenue-share statements: what 1,000 billed records cost the tenant and the
 * fraction of it that goes to the adapter's publisher. Decimal strings, so that no amount goes
 * through a binary fraction: the price with at most 6 decimals, the share with at most 6,
 * between 0 and 1.
 */
export interface RevenueShare {
  /** e.g. "0.70": the publisher's fraction of the gross; the operator keeps the rest. */
  publisherShare: string
  /** e.g. "0.50": the price of 1,000 billed records, in `currency`. */
  pricePer1000Records: string
  /** A label printed with the amounts (ISO 4217 such as "EUR"); no conversion is made. */
  currency: string
}

export const defaultRevenueShare: RevenueShare = { publisherShare: '0.70', pricePer1000Records: '0.50', currency: 'USD' }

/** Amounts of one statement line, in cents, exact. */
export interface LineAmounts {
  grossCents: bigint
  publisherCents: bigint
  operatorCents: bigint
}

const scale = 1_000_000n

/** Refusal of terms that cannot be used, in words for the operator. */
export function revenueShareProblem(terms: RevenueShare): string | undefined {
  if (!/^\d{1,9}(\.\d{1,6})?$/.test(terms.pricePer1000Records)) return `the price per 1,000 records "${terms.pricePer1000Records}" is not a decimal number with at most 6 decimals`
  if (!/^(0(\.\d{1,6})?|1(\.0{1,6})?)$/.test(terms.publisherShare)) return `the publisher's share "${terms.publisherShare}" is not a decimal between 0 and 1 with at most 6 decimals`
  if (!/^[A-Za-z]{1,10}$/.test(terms.currency)) return `the currency "${terms.currency}" is not a code such as USD or EUR`
  return undefined
}

/** A decimal string as an integer count of millionths: "0.5" → 500000n. */
function millionths(decimal: string): bigint {
  const [whole = '0', fraction = ''] = decimal.split('.')
  return BigInt(whole) * scale + BigInt(fraction.padEnd(6, '0'))
}

/** n / d rounded to the nearest integer, halves up (n, d ≥ 0). */
function roundHalfUp(n: bigint, d: bigint): bigint {
  return (2n * n + d) / (2n * d)
}

/**
 * The amounts for `records` billed records, computed exactly and then rounded to cents, halves
 * up: gross = records × price / 1,000; the publisher's part = gross × share, rounded from the
 * exact gross (not from the rounded one); the operator's part = rounded gross − the publisher's
 * rounded part, so that the two always add up to the gross.
 */
export function lineAmounts(records: bigint, terms: RevenueShare): LineAmounts {
  const price = millionths(terms.pricePer1000Records)
  const share = millionths(terms.publisherShare)
  // records × price(millionths) / 1,000 is the gross in millionths; a cent is 10,000 millionths.
  const grossCents = roundHalfUp(records * price, 1_000n * 10_000n)
  const publisherCents = roundHalfUp(records * price * share, 1_000n * 10_000n * scale)
  return { grossCents, publisherCents, operatorCents: grossCents - publisherCents }
}

/** Cents as a decimal amount: 1234n → "12.34". */
export function formatCents(cents: bigint): string {
  const sign = cents < 0n ? '-' : ''
  const abs = cents < 0n ? -cents : cents
  return `${sign}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`
}
