import { constants as osConstants } from 'node:os'
import type { Command } from 'commander'
import type { Kernel } from '../kernel/create-kernel.js'
import { storagePoint } from '@aether/plugin-api'
import { createKernelFromConfig } from '../kernel/load-plugins.js'
import { serveMetrics } from '../metrics.js'
import { pipelineRoles, runPipeline, type PipelineRole, type RunSummary } from '../pipeline/run-pipeline.js'
import type { RunCounts } from '../pipeline/stage-runtime.js'
import { loadCommandConfig, withConfigOptions, type ConfigOptions } from './config-options.js'
import { createProgressReporter } from './progress-reporter.js'
import { oneOf } from './usage.js'

/** `aether run <pipeline.json>`: runs a pipeline (or one stage of it) and prints a summary. */
export function addRunCommand(program: Command): void {
  withConfigOptions(program.command('run'))
    .description('run a pipeline: every stage in this process, or one stage with --role')
    .argument('<pipeline>', 'pipeline file (JSON)')
    .option('--role <role>', `stage to run in this process: ${pipelineRoles.join(', ')}`, oneOf(pipelineRoles, 'role'), 'all')
    .option('--no-progress', 'do not show a progress bar')
    .option('--json', 'print the summary as JSON')
    .action(async (file: string, options: ConfigOptions & { role: PipelineRole; progress: boolean; json?: boolean }) => {
      const kernel = await createKernelFromConfig(await loadCommandConfig(file, options))
      let signalled: NodeJS.Signals | undefined
      const stop = (signal: NodeJS.Signals): void => {
        // A second Ctrl-C does not wait for the drain.
        if (signalled !== undefined) process.exit(exitCodeOf(signal))
        signalled = signal
        kernel.stop().catch((error: unknown) => kernel.logger.error({ err: error }, 'the kernel did not stop cleanly'))
      }
      process.on('SIGINT', stop)
      process.on('SIGTERM', stop)
      await kernel.start()
      const metricsServer = kernel.config.metrics.port === undefined
        ? undefined
        : await serveMetrics(kernel.metrics.registry, kernel.config.metrics.port)
      if (metricsServer !== undefined) kernel.logger.info({ url: metricsServer.url }, 'serving metrics')
      const reporter = createProgressReporter({
        isInteractive: options.progress && process.stderr.isTTY === true, logger: kernel.logger,
      })
      let hasNothingInFlight = false
      try {
        const summary = await runPipeline(kernel, { role: options.role, onProgress: (p) => reporter.update(p) })
        hasNothingInFlight = summary.outcome === 'completed' || (summary.outcome === 'interrupted' && summary.isDrained)
        reporter.finish()
        const storedIn = kernel.resolveAll(storagePoint)[0]?.describe()
        process.stdout.write(options.json === true
          ? `${JSON.stringify({ ...summary, storage: storedIn })}\n`
          : formatSummary(summary, storedIn, signalled))
        if (summary.outcome === 'stalled') process.exitCode = 1
        if (summary.outcome === 'interrupted') process.exitCode = exitCodeOf(signalled ?? 'SIGINT')
      } finally {
        reporter.finish()
        // A completed or drained run has nothing in flight: its stop only closes the bus and storage.
        await (hasNothingInFlight ? kernel.stop() : stopWithin(kernel, closeTimeoutMs))
        await metricsServer?.close()
      }
    })
}

// How long a run whose stages did not drain (hung, or stalled) waits for the kernel to stop before
// exiting without it: a hung stage must not hang the command.
const closeTimeoutMs = 5_000

async function stopWithin(kernel: Kernel, timeoutMs: number): Promise<void> {
  const timer = setTimeout(() => {
    kernel.logger.error({ timeoutMs }, 'stages did not finish their in-flight work in time; exiting without them')
    process.exit(process.exitCode ?? 1)
  }, timeoutMs)
  try {
    await kernel.stop()
  } finally {
    clearTimeout(timer)
  }
}

/** The shell's convention: 128 + the signal's number (130 for Ctrl-C, 143 for SIGTERM). */
function exitCodeOf(signal: NodeJS.Signals): number {
  return 128 + (osConstants.signals[signal] ?? 2)
}

function formatSummary(summary: RunSummary, storage: string | undefined, signal: NodeJS.Signals | undefined): string {
  const { counts } = summary
  const rows: Array<[string, string | number]> = [
    ['records in', counts.recordsIn],
    ['valid', counts.valid],
    ['invalid (kept with reasons)', counts.invalid],
    ['enrichments', counts.enrichments],
    ['forecasts', counts.forecasts],
    ['decisions', decisionsLine(counts)],
    ['rows written', counts.stored],
    ['already stored (skipped)', counts.duplicates],
    ['actions enqueued', counts.actionsEnqueued],
    ['time', `${(summary.elapsedMs / 1000).toFixed(2)} s`],
  ]
  if (counts.failedItems > 0) rows.splice(6, 0, ['failed items (kept as invalid)', counts.failedItems])
  if (counts.refusedByStorage > 0) rows.splice(-1, 0, ['refused by storage (kept as invalid)', counts.refusedByStorage])
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)
  const where = storage === undefined ? [] : [`Results are stored in ${storage}`]
  return [headline(summary, signal), ...lines, ...unfinishedLines(summary), ...where, ''].join('\n')
}

/** The decisions and how many of each action, e.g. `3919 (hold 3742, migrate 28, drain 149)`. */
function decisionsLine({ decisions, decisionsByAction }: RunCounts): string {
  if (decisions === 0) return '0'
  const { hold, migrate, drain } = decisionsByAction
  return `${decisions} (hold ${hold}, migrate ${migrate}, drain ${drain})`
}

function headline(summary: RunSummary, signal: NodeJS.Signals | undefined): string {
  switch (summary.outcome) {
    case 'completed': return `Pipeline finished (role ${summary.role}):`
    case 'interrupted': return `Pipeline interrupted by ${signal ?? 'a stop'} (role ${summary.role}); ` + (summary.isDrained
      ? 'in-flight work was drained. Counts:'
      : 'stages still held work after the drain timeout; it was not stored (a distributed bus redelivers it). Counts so far:')
    case 'stalled': return `Pipeline stalled (role ${summary.role}): the bus holds work that has not moved for ` +
      'pipeline.stallTimeoutMs; nothing below was lost, but it was not all stored. Counts so far:'
  }
}

function unfinishedLines(summary: RunSummary): string[] {
  if (summary.unfinished.length === 0) return []
  return ['Not done yet (it stays on the bus of a distributed deployment; an embedded run can be run again):',
    ...summary.unfinished.map((work) => `  ${work.subject} (${work.durable}): ${work.pending + work.inFlight} messages` +
      (work.lastFailure === undefined ? '' : `; last failure: ${work.lastFailure}`))]
}
