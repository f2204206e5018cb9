import { InvalidArgumentError, type Command } from 'commander'
import { createKernelFromConfig, forecasterPoint, loadCommandConfig, withConfigOptions, type CliContribution, type ConfigOptions } from '@aether/core'
import { Value } from '@sinclair/typebox/value'
import { TsmixerForecasterConfig } from '../config.js'
import { LifecycleCommandUnconfigured, LifecycleConfigInvalid } from '../errors.js'
import { ModelLifecycle } from '../lifecycle/model-lifecycle.js'
import { describeLifecycle, lifecycleStatus } from './lifecycle-status.js'

const packageName = '@aether/plugin-forecaster-tsmixer'

/**
 * `aether forecaster status|promote|canary|rollback`: the operator's side of the model
 * lifecycle. Each command starts the pipeline's plugins, so its lifecycle reads the stages from
 * the pipeline's storage (or state file) with the same rules the pipeline runs, applies the one
 * operator action, and saves it there. Running pipelines re-read the stages every `refreshMs`.
 */
export const addForecasterCommands: CliContribution = (program: Command) => {
  const forecaster = program.command('forecaster').description("show and change the stages of the TSMixer's model versions, as the pipeline's storage (or state file) keeps them")

  withConfigOptions(forecaster.command('status'))
    .description("each model version's stage and canary share, and the recorded promotions and rollbacks")
    .argument('<pipeline>', 'pipeline file (JSON) configuring the tsmixer lifecycle')
    .option('--json', 'print the status as one JSON document')
    .action(async (file: string, options: ConfigOptions & { json?: boolean }) => {
      await withLifecycle(file, options, (lifecycle, state) => {
        const status = lifecycleStatus(lifecycle, state)
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

async function changeStage(file: string, options: ConfigOptions, version: string, change: (lifecycle: ModelLifecycle) => Promise<void>): Promise<void> {
  await withLifecycle(file, options, async (lifecycle, state, refreshMs) => {
    await change(lifecycle)
    const entry = lifecycle.versions.find((candidate) => candidate.version === version)
    const share = entry?.canaryShare === undefined ? '' : ` (canary share ${entry.canaryShare})`
    process.stdout.write(`${version} is now ${entry?.stage ?? '?'}${share}; saved in ${state} at revision ${lifecycle.revision}\n`
      + `a running pipeline re-reads the stages every ${refreshMs} ms (lifecycle.refreshMs) and applies the change without a restart\n`)
  })
}

/**
 * Starts the pipeline's plugins (as \`aether actions\` does), so the lifecycle is the one the
 * pipeline runs, attached to the same storage or state file, and hands it to \`work\`.
 */
async function withLifecycle(file: string, options: ConfigOptions, work: (lifecycle: ModelLifecycle, state: string, refreshMs: number) => Promise<void> | void): Promise<void> {
  const loaded = await loadCommandConfig(file, { logLevel: 'warn', ...options })
  const entry = loaded.config.plugins.find((plugin) => plugin.use === packageName)
  if (entry === undefined) throw new LifecycleCommandUnconfigured([file, `it does not use ${packageName}; add it to "plugins" with a "lifecycle" in its config`])
  const config = Value.Default(TsmixerForecasterConfig, Value.Clone(entry.config ?? {}))
  const first = Value.Errors(TsmixerForecasterConfig, config).First()
  if (first !== undefined) throw new LifecycleConfigInvalid([`${first.path || '/'} ${first.message}`])
  const { lifecycle: settings } = config as TsmixerForecasterConfig
  if (settings === undefined) throw new LifecycleCommandUnconfigured([file, `the ${packageName} plugin has no "lifecycle" in its config; configure its versions`])
  const kernel = await createKernelFromConfig(loaded)
  await kernel.start()
  try {
    const lifecycle = kernel.resolve(forecasterPoint, 'tsmixer')
    if (!(lifecycle instanceof ModelLifecycle)) throw new LifecycleCommandUnconfigured([file, `its "tsmixer" forecaster is not a model lifecycle (${lifecycle.constructor.name})`])
    const state = lifecycle.stateDescription
    if (state === undefined) {
      throw new LifecycleCommandUnconfigured([file, 'its lifecycle keeps its stages nowhere but in the running process\'s memory: add a SQL storage plugin '
        + '(@aether/plugin-storage-pglite or @aether/plugin-storage-postgres, shared by every process of the pipeline) or set "stateFile" (a JSON file path), and restart the pipeline'])
    }
    await work(lifecycle, state, settings.refreshMs)
    await lifecycle.settled()
  } finally {
    await kernel.stop()
  }
}

function shareOf(value: string): number {
  const share = /^\d*\.?\d+$/.test(value) ? Number(value) : Number.NaN
  if (share >= 0 && share <= 1) return share
  throw new InvalidArgumentError(`Expected a share of tenants from 0 to 1, e.g. 0.1 (got "${value}").`)
}
