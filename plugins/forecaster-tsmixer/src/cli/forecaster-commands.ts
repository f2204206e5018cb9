import { InvalidArgumentError, type Command } from 'commander'
import { createLogger, loadCommandConfig, withConfigOptions, type CliContribution, type ConfigOptions } from '@aether/core'
import { Value } from '@sinclair/typebox/value'
import { TsmixerForecasterConfig } from '../config.js'
import { LifecycleCommandUnconfigured, LifecycleConfigInvalid } from '../errors.js'
import type { ModelLifecycle } from '../lifecycle/model-lifecycle.js'
import { openLifecycle } from '../lifecycle/open-lifecycle.js'
import { describeLifecycle, lifecycleStatus } from './lifecycle-status.js'

const packageName = '@aether/plugin-forecaster-tsmixer'

/**
 * `aether forecaster status|promote|canary|rollback`: the operator's side of the model
 * lifecycle. Each command starts the pipeline's lifecycle from its state file (the same code the
 * plugin runs, so the same rules), applies the one operator action, and the lifecycle itself
 * rewrites the state file. A running pipeline reads the file only at its start.
 */
export const addForecasterCommands: CliContribution = (program: Command) => {
  const forecaster = program.command('forecaster').description("show and change the stages of the TSMixer's model versions (the lifecycle's state file)")

  withConfigOptions(forecaster.command('status'))
    .description("each model version's stage and canary share, and the recorded promotions and rollbacks")
    .argument('<pipeline>', 'pipeline file (JSON) configuring the tsmixer lifecycle')
    .option('--json', 'print the status as one JSON document')
    .action(async (file: string, options: ConfigOptions & { json?: boolean }) => {
      await withLifecycle(file, options, (lifecycle, stateFile) => {
        const status = lifecycleStatus(lifecycle, stateFile)
        process.stdout.write(options.json === true ? `${JSON.stringify(status, null, 2)}\n` : describeLifecycle(status))
      })
    })

  withConfigOptions(forecaster.command('promote'))
    .description('make a challenger the promoted version; the promoted one is retired')
    .argument('<version>', 'the challenger to promote, e.g. tsmixer@2')
    .argument('<pipeline>', 'pipeline file (JSON) configuring the tsmixer lifecycle')
    .action(async (version: string, file: string, options: ConfigOptions) => {
      await changeStage(file, options, version, (lifecycle) => lifecycle.promote(version))
    })

  withConfigOptions(forecaster.command('canary'))
    .description('let a shadow (or a rolled-back version) answer a share of tenants as a challenger')
    .argument('<version>', 'the shadow or rolled-back version, e.g. tsmixer@2')
    .argument('<pipeline>', 'pipeline file (JSON) configuring the tsmixer lifecycle')
    .requiredOption('--share <0..1>', 'share of tenants the challenger answers', shareOf)
    .action(async (version: string, file: string, options: ConfigOptions & { share: number }) => {
      await changeStage(file, options, version, (lifecycle) => lifecycle.startCanary(version, options.share))
    })

  withConfigOptions(forecaster.command('rollback'))
    .description('stop a challenger answering its canary share; its tenants get the promoted version')
    .argument('<version>', 'the challenger to roll back')
    .argument('<pipeline>', 'pipeline file (JSON) configuring the tsmixer lifecycle')
    .action(async (version: string, file: string, options: ConfigOptions) => {
      await changeStage(file, options, version, (lifecycle) => lifecycle.rollBack(version))
    })
}

async function changeStage(file: string, options: ConfigOptions, version: string, change: (lifecycle: ModelLifecycle) => void): Promise<void> {
  await withLifecycle(file, options, (lifecycle, stateFile) => {
    change(lifecycle)
    const entry = lifecycle.versions.find((candidate) => candidate.version === version)
    const share = entry?.canaryShare === undefined ? '' : ` (canary share ${entry.canaryShare})`
    process.stdout.write(`${version} is now ${entry?.stage ?? '?'}${share}; saved in ${stateFile}\n`
      + 'a running pipeline reads the state file only when it starts: restart it to apply the change\n')
  })
}

async function withLifecycle(file: string, options: ConfigOptions, work: (lifecycle: ModelLifecycle, stateFile: string) => void): Promise<void> {
  const loaded = await loadCommandConfig(file, { logLevel: 'warn', ...options })
  const entry = loaded.config.plugins.find((plugin) => plugin.use === packageName)
  if (entry === undefined) throw new LifecycleCommandUnconfigured([file, `it does not use ${packageName}; add it to "plugins" with a "lifecycle" in its config`])
  const config = Value.Default(TsmixerForecasterConfig, Value.Clone(entry.config ?? {}))
  const first = Value.Errors(TsmixerForecasterConfig, config).First()
  if (first !== undefined) throw new LifecycleConfigInvalid([`${first.path || '/'} ${first.message}`])
  const { lifecycle } = config as TsmixerForecasterConfig
  if (lifecycle === undefined) throw new LifecycleCommandUnconfigured([file, `the ${packageName} plugin has no "lifecycle" in its config; configure its versions and a "stateFile"`])
  if (lifecycle.stateFile === undefined) {
    throw new LifecycleCommandUnconfigured([file, 'its lifecycle has no "stateFile", so stages live only in the running process\'s memory; set "stateFile" (a JSON file path) and restart the pipeline'])
  }
  const logger = createLogger({ level: loaded.config.log.level })
  const opened = await openLifecycle({ ...(config as TsmixerForecasterConfig), lifecycle }, loaded.baseDir, logger)
  try {
    work(opened.lifecycle, opened.lifecycle.stateFile as string)
  } finally {
    await opened.close()
  }
}

function shareOf(value: string): number {
  const share = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN
  if (share >= 0 && share <= 1) return share
  throw new InvalidArgumentError(`Expected a share of tenants from 0 to 1, e.g. 0.1 (got "${value}").`)
}
