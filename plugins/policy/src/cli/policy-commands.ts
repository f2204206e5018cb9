import { InvalidArgumentError, type Command } from 'commander'
import { resolve } from 'node:path'
import {
  createKernelFromConfig, loadCommandConfig, policyEnginePoint, storagePoint, withConfigOptions, integerAtLeast,
  type CliContribution, type ConfigOptions,
} from '@aether/core'
import { DryRunPolicyMissing } from '../errors.js'
import { describeDryRun, dryRun } from '../dry-run/dry-run.js'
import { loadRules } from '../rules/load-rules.js'
import { RulesPolicy } from '../rules-policy.js'

interface DryRunCommandOptions extends ConfigOptions {
  config: string
  from: string
  to?: string
  last: number
  json?: boolean
}

function isoTime(value: string): string {
  if (Number.isNaN(Date.parse(value))) throw new InvalidArgumentError(`${JSON.stringify(value)} is not a date; use ISO 8601 such as 2023-05-01T00:00:00Z.`)
  return new Date(value).toISOString()
}

/**
 * `aether policy dry-run <rules>`: replays a tenant's recent forecasts from storage through the
 * pipeline's live policy and through the candidate rules, and prints the decisions that differ.
 * Nothing is stored and no action is taken.
 */
export const addPolicyCommands: CliContribution = (program: Command) => {
  const policy = program.command('policy').description('policy rules: try a rules file against the live policy')

  withConfigOptions(policy.command('dry-run'))
    .description('replay recent stored forecasts through the live policy and a candidate rules file; print the decisions that differ')
    .argument('<rules>', 'candidate rules file (JSON, see docs/policy.md)')
    .option('-c, --config <file>', 'pipeline file naming the storage and the live policy', 'pipeline.json')
    .option('--from <time>', 'oldest forecast time to replay (ISO 8601)', isoTime, '1970-01-01T00:00:00.000Z')
    .option('--to <time>', 'replay forecasts before this time (ISO 8601; default: now)', isoTime)
    .option('--last <n>', 'replay at most the n most recent forecasts in the window', integerAtLeast(1, 'forecasts'), 1000)
    .option('--json', 'print the report, with every change, as one JSON document')
    .action(async (rulesFile: string, options: DryRunCommandOptions) => {
      const candidateRules = await loadRules(resolve(rulesFile))
      const loaded = await loadCommandConfig(options.config, { logLevel: 'warn', ...options })
      const livePolicy = loaded.config.pipeline.policy
      if (livePolicy === undefined) throw new DryRunPolicyMissing([options.config])
      const kernel = await createKernelFromConfig(loaded)
      await kernel.start()
      try {
        const running = kernel.resolve(policyEnginePoint, livePolicy)
        // A fresh copy of a live rules policy: the running one restored guardrail memory from storage at start.
        const live = running instanceof RulesPolicy ? new RulesPolicy(running.rules, running.workloads) : running
        // The candidate decides for the workloads the configured rules policy knows, if there is one.
        const configured = kernel.resolveAll(policyEnginePoint).find((engine) => engine instanceof RulesPolicy)
        const candidate = new RulesPolicy(candidateRules, configured?.workloads ?? [])
        const tenant = kernel.config.tenant
        const context = { tenant, signal: kernel.signal, logger: kernel.logger, traceId: 'policy-dry-run' }
        const report = await dryRun(kernel.resolve(storagePoint), live, candidate, context, {
          tenant, from: options.from, to: options.to ?? new Date().toISOString(), last: options.last,
        })
        process.stdout.write(options.json === true ? `${JSON.stringify(report)}\n` : describeDryRun(report))
      } finally {
        await kernel.stop()
      }
    })
}
