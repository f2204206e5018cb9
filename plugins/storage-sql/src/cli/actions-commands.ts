import { hostname } from 'node:os'
import { resolve } from 'node:path'
import type { Command } from 'commander'
import {
  createKernelFromConfig, integerAtLeast, loadCommandConfig, oneOf, storagePoint, withConfigOptions,
  type CliContribution, type ConfigOptions, type Kernel,
} from '@aether/core'
import { ActionWorker, type WorkOutcome } from '../actions/action-worker.js'
import { FencedFileExecutor, type ActionExecutor } from '../actions/fenced-file-executor.js'
import { WebhookExecutor } from '../actions/webhook-executor.js'
import type { LedgerAction } from '../actions/action-ledger.js'
import { ActionExecutorUnconfigured, StorageCommandUnsupported } from '../errors.js'
import { SqlRecordStore } from '../record-store.js'

const executorKinds = ['webhook', 'file'] as const

interface RunOptions extends ConfigOptions {
  executor: (typeof executorKinds)[number]
  url?: string
  effects?: string
  once?: boolean
  leaseMs: number
  pollMs: number
  timeoutMs: number
  owner: string
  json?: boolean
}

/**
 * `aether actions run` works the action ledger of a pipeline's storage: claims each action its
 * guarded decisions enqueued, executes it through a fencing executor, and completes it (see
 * `ActionWorker`). `aether actions list` shows the ledger.
 */
export const addActionsCommands: CliContribution = (program: Command) => {
  const actions = program.command('actions').description("execute and list the actions of a pipeline's guarded decisions, at most once each")

  withConfigOptions(actions.command('run'))
    .description('claim, execute and complete the pending actions, with leases and fencing tokens; runs until stopped, or with --once until none is left')
    .argument('<pipeline>', 'pipeline file (JSON) naming the storage')
    .requiredOption('--executor <kind>', `what carries the actions out: ${executorKinds.join(', ')}`, oneOf(executorKinds, 'executor'))
    .option('--url <url>', 'webhook executor: the URL each action is POSTed to, its fencing token in the Aether-Fencing-Token header')
    .option('--effects <file>', 'file executor: the JSON-lines file each effect is appended to')
    .option('--once', 'exit once no action is pending or claimed (a crashed worker\'s claim is taken over after its lease)')
    .option('--lease-ms <ms>', 'how long a claim holds an action', integerAtLeast(100, 'milliseconds'), 30_000)
    .option('--poll-ms <ms>', 'how long to wait when no action is claimable', integerAtLeast(10, 'milliseconds'), 1_000)
    .option('--timeout-ms <ms>', 'webhook executor: how long to wait for an answer', integerAtLeast(100, 'milliseconds'), 10_000)
    .option('--owner <name>', 'this worker\'s name in the leases', `${hostname()}:${process.pid}`)
    .option('--json', 'print each outcome as one JSON line')
    .action(async (file: string, options: RunOptions) => {
      const executor = executorOf(options)
      await withSqlStore(file, options, 'actions run', async (store, kernel) => {
        const tenant = kernel.config.tenant
        const worker = new ActionWorker(store.actions, executor, { tenant, owner: options.owner, leaseMs: options.leaseMs })
        let isStopping = false
        const stop = (): void => { isStopping = true }
        process.on('SIGINT', stop)
        process.on('SIGTERM', stop)
        while (!isStopping) {
          let outcome: WorkOutcome | undefined
          try {
            outcome = await worker.runOnce()
          } catch (error) {
            // The action stays claimed and is retried after its lease; a long-running worker goes on.
            if (options.once === true) throw error
            kernel.logger.error({ err: error }, 'an action failed; it is retried after its lease')
            await new Promise((wake) => setTimeout(wake, options.pollMs))
            continue
          }
          if (outcome !== undefined) {
            process.stdout.write(options.json === true ? `${JSON.stringify(outcome)}\n` : describeOutcome(outcome))
            continue
          }
          if (options.once === true && !(await store.actions.list(tenant)).some((action) => action.state !== 'done')) break
          await new Promise((wake) => setTimeout(wake, options.pollMs))
        }
      })
    })

  withConfigOptions(actions.command('list'))
    .description("list the tenant's actions: pending, claimed (by whom, with which fencing token) and done (with the outcome)")
    .argument('<pipeline>', 'pipeline file (JSON) naming the storage')
    .option('--json', 'print the actions as one JSON document')
    .action(async (file: string, options: ConfigOptions & { json?: boolean }) => {
      await withSqlStore(file, options, 'actions list', async (store, kernel) => {
        const listed = await store.actions.list(kernel.config.tenant)
        process.stdout.write(options.json === true ? `${JSON.stringify(listed)}\n` : describeList(kernel.config.tenant, listed))
      })
    })
}

function executorOf(options: RunOptions): ActionExecutor {
  if (options.executor === 'webhook') {
    if (options.url === undefined) throw new ActionExecutorUnconfigured(['webhook', '--url <url>'])
    return new WebhookExecutor(options.url, options.timeoutMs)
  }
  if (options.effects === undefined) throw new ActionExecutorUnconfigured(['file', '--effects <file>'])
  return new FencedFileExecutor(resolve(options.effects))
}

async function withSqlStore(file: string, options: ConfigOptions, command: string, work: (store: SqlRecordStore, kernel: Kernel) => Promise<void>): Promise<void> {
  const kernel = await createKernelFromConfig(await loadCommandConfig(file, { logLevel: 'warn', ...options }))
  await kernel.start()
  try {
    const store = kernel.resolve(storagePoint)
    if (!(store instanceof SqlRecordStore)) throw new StorageCommandUnsupported([command, store.describe()])
    await work(store, kernel)
  } finally {
    await kernel.stop()
  }
}

function describeOutcome(outcome: WorkOutcome): string {
  const completed = outcome.isCompleted ? 'completed' : 'not completed'
  return `${outcome.id} token ${outcome.token}: ${outcome.outcome}, ${completed}\n`
}

function describeList(tenant: string, listed: LedgerAction[]): string {
  const count = (state: LedgerAction['state']): number => listed.filter((action) => action.state === state).length
  const lines = [`${listed.length} actions of tenant ${tenant}: ${count('pending')} pending, ${count('claimed')} claimed, ${count('done')} done`]
  for (const action of listed) {
    const where = `${action.decision.zone ?? action.decision.region}/${action.decision.pool}`
    const state = action.state === 'claimed' ? `claimed by ${action.owner ?? '?'} (token ${action.token})`
      : action.state === 'done' ? `done: ${action.outcome ?? '?'} (token ${action.token})` : 'pending'
    lines.push(`  ${action.id} ${action.kind} ${action.workload} on ${where} share ${action.decision.riskAllocation}: ${state}, attempts ${action.attempts}`)
  }
  return `${lines.join('\n')}\n`
}
