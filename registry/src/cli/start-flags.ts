import { InvalidArgumentError, type Command } from 'commander'
import { defaultRegistryLimits, type RegistryLimits } from '../abuse/registry-limits.js'
import type { ReadAccess } from '../http/read-access.js'
import { defaultRevenueShare, revenueShareProblem, type RevenueShare } from '../usage/revenue-share.js'

/** The flags of `aether registry start` for the abuse limits and the statements' terms. */
export interface PolicyFlags {
  maxTarballBytes: string
  publishLimit: string
  publishWindowS: string
  readAccess: string
  publisherShare: string
  pricePer1000: string
  currency: string
}

export function withPolicyFlags(command: Command): Command {
  return command
    .option('--max-tarball-bytes <bytes>', 'the largest tarball accepted (compressed)', String(defaultRegistryLimits.maxTarballBytes))
    .option('--publish-limit <n>', 'publish attempts a token may make per window (then 429)', String(defaultRegistryLimits.publishRate.maxPublishes))
    .option('--publish-window-s <seconds>', 'the publish rate window', String(defaultRegistryLimits.publishRate.windowMs / 1000))
    .option('--read-access <who>', 'public: anyone reads packages; token: reading needs a token with the read scope', 'public')
    .option('--publisher-share <fraction>', 'the publisher\'s share of the statements\' gross, 0 to 1', defaultRevenueShare.publisherShare)
    .option('--price-per-1000 <amount>', 'the price of 1,000 records out in the statements', defaultRevenueShare.pricePer1000Records)
    .option('--currency <code>', 'the currency the statements name', defaultRevenueShare.currency)
}

function positiveInteger(flag: string, value: string): number {
  const number = Number(value)
  if (!Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError(`${flag} "${value}" is not a whole number of at least 1.`)
  return number
}

/** The limits, read access and terms the flags ask for; refuses ones that cannot be used. */
export function policyOf(flags: PolicyFlags): { limits: RegistryLimits; readAccess: ReadAccess; revenueShare: RevenueShare } {
  if (flags.readAccess !== 'public' && flags.readAccess !== 'token') throw new InvalidArgumentError(`--read-access "${flags.readAccess}" is neither public nor token.`)
  const revenueShare = { publisherShare: flags.publisherShare, pricePer1000Records: flags.pricePer1000, currency: flags.currency }
  const problem = revenueShareProblem(revenueShare)
  if (problem !== undefined) throw new InvalidArgumentError(`${problem}.`)
  return {
    limits: {
      maxTarballBytes: positiveInteger('--max-tarball-bytes', flags.maxTarballBytes),
      publishRate: { maxPublishes: positiveInteger('--publish-limit', flags.publishLimit), windowMs: positiveInteger('--publish-window-s', flags.publishWindowS) * 1000 },
    },
    readAccess: flags.readAccess,
    revenueShare,
  }
}
