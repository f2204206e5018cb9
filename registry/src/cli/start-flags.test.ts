import { Command } from 'commander'
import { describe, expect, it } from 'vitest'
import { policyOf, withPolicyFlags, type PolicyFlags } from './start-flags.js'

/** The flags commander gives `aether registry start` for these arguments. */
function flags(args: string[]): PolicyFlags {
  const command = withPolicyFlags(new Command('start')).exitOverride()
  command.parse(args, { from: 'user' })
  return command.opts<PolicyFlags>()
}

describe('aether registry start: abuse limits and statement terms', () => {
  it('defaults to 10 MiB tarballs, 60 publishes a token an hour, public reads, 0.70 of 0.50 USD per 1,000 records', () => {
    expect(policyOf(flags([]))).toEqual({
      limits: { maxTarballBytes: 10 * 1024 * 1024, publishRate: { maxPublishes: 60, windowMs: 3_600_000 } },
      readAccess: 'public',
      revenueShare: { publisherShare: '0.70', pricePer1000Records: '0.50', currency: 'USD' },
    })
  })

  it('takes each from its flag', () => {
    expect(policyOf(flags(['--max-tarball-bytes', '65536', '--publish-limit', '5', '--publish-window-s', '60', '--read-access', 'token',
      '--publisher-share', '0.8', '--price-per-1000', '1.25', '--currency', 'EUR']))).toEqual({
      limits: { maxTarballBytes: 65_536, publishRate: { maxPublishes: 5, windowMs: 60_000 } },
      readAccess: 'token',
      revenueShare: { publisherShare: '0.8', pricePer1000Records: '1.25', currency: 'EUR' },
    })
  })

  it('refuses values it cannot use, saying which', () => {
    expect(() => policyOf(flags(['--publish-limit', '0']))).toThrow('--publish-limit "0" is not a whole number of at least 1.')
    expect(() => policyOf(flags(['--read-access', 'private']))).toThrow('--read-access "private" is neither public nor token.')
    expect(() => policyOf(flags(['--publisher-share', '70%']))).toThrow('the publisher\'s share "70%" is not a decimal between 0 and 1 with at most 6 decimals.')
  })
})
