import type { Command } from 'commander'
import { storagePoint } from '../extension-points/points.js'
import { createKernelFromConfig } from '../kernel/load-plugins.js'
import { serveMetrics } from '../metrics.js'
import { pipelineRoles, runPipeline, type PipelineRole, type RunSummary } from '../pipeline/run-pipeline.js'
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
      const stop = (): void => void kernel.stop()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
      await kernel.start()
      const metricsServer = kernel.config.metrics.port === undefined
        ? undefined
        : await serveMetrics(kernel.metrics.registry, kernel.config.metrics.port)
      if (metricsServer !== undefined) kernel.logger.info({ url: metricsServer.url }, 'serving metrics')
      const reporter = createProgressReporter({
        isInteractive: options.progress && process.stderr.isTTY === true, logger: kernel.logger,
      })
      try {
        const summary = await runPipeline(kernel, { role: options.role, onProgress: (p) => reporter.update(p) })
        reporter.finish()
        const storedIn = kernel.resolveAll(storagePoint)[0]?.describe()
        process.stdout.write(options.json === true
          ? `${JSON.stringify({ ...summary, storage: storedIn })}\n`
          : formatSummary(summary, storedIn))
      } finally {
        reporter.finish()
        await kernel.stop()
        await metricsServer?.close()
      }
    })
}

function formatSummary(summary: RunSummary, storage: string | undefined): string {
  const { counts } = summary
  const rows: Array<[string, string | number]> = [
    ['records in', counts.recordsIn],
    ['valid', counts.valid],
    ['invalid (kept with reasons)', counts.invalid],
    ['enrichments', counts.enrichments],
    ['forecasts', counts.forecasts],
    ['decisions', counts.decisions],
    ['rows written', counts.stored],
    ['already stored (skipped)', counts.duplicates],
    ['time', `${(summary.elapsedMs / 1000).toFixed(2)} s`],
  ]
  const width = Math.max(...rows.map(([label]) => label.length))
  const lines = rows.map(([label, value]) => `  ${label.padEnd(width)}  ${value}`)
  const where = storage === undefined ? [] : [`Results are stored in ${storage}`]
  return [`Pipeline finished (role ${summary.role}):`, ...lines, ...where, ''].join('\n')
}
