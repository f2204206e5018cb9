import type { Command } from 'commander'
import { setTimeout as sleep } from 'node:timers/promises'
import { busPoint, type ConsumerBacklog } from '@aether/plugin-api'
import { createKernel } from '../kernel/create-kernel.js'
import { importPlugins } from '../kernel/load-plugins.js'
import { pipelineConsumers } from '../pipeline/topology.js'
import { loadCommandConfig, withConfigOptions, type ConfigOptions } from './config-options.js'
import { integerAtLeast } from './usage.js'

/** One consumer's state in `aether status`. */
export interface StageStatus {
  durable: string
  subject: string
  /** Messages (batches) waiting for the stage. */
  pending: number
  inFlight: number
  /** Messages the stage acknowledged per second over the sampling interval. */
  messagesPerSecond: number
}

/**
 * `aether status <pipeline.json>`: the lag and throughput of every stage of a running distributed
 * deployment, read from the bus. Loads only the plugin that provides the bus, so it works while
 * storage or a stage is down.
 */
export function addStatusCommand(program: Command): void {
  withConfigOptions(program.command('status'))
    .description('show lag and throughput of each stage of a running deployment (distributed bus); read-only')
    .argument('<pipeline>', 'pipeline file (JSON) of the deployment')
    .option('--interval <ms>', 'sampling interval for throughput, in milliseconds (at least 100)', integerAtLeast(100, 'milliseconds'), 1000)
    .option('--json', 'print the status as JSON')
    .action(async (file: string, options: ConfigOptions & { interval: number; json?: boolean }) => {
      const loaded = await loadCommandConfig(file, { ...options, logLevel: options.logLevel ?? 'warn' })
      const plugins = (await importPlugins(loaded.config.plugins, loaded.baseDir))
        .filter(({ plugin }) => (plugin.manifest.provides ?? []).includes(busPoint.id))
      if (plugins.length === 0) {
        process.stdout.write('This pipeline uses the in-process bus: its stages live inside one `aether run` process, ' +
          'so there is nothing to observe from outside. Watch that process\'s /metrics (metrics.port) instead.\n')
        return
      }
      const kernel = createKernel({ config: loaded.config, plugins, baseDir: loaded.baseDir })
      await kernel.start()
      try {
        // Only looks consumers up: a status of a mistyped deployment must not create one.
        const consumers = pipelineConsumers(kernel.config)
        const before = await kernel.bus.backlog(consumers)
        if (before.length === 0) {
          process.stdout.write(options.json === true ? '[]\n' : 'No consumer of this pipeline exists on the bus: its deployment ' +
            `has not run there yet, or the deployment named in ${file} is mistyped. Nothing was created.\n`)
          process.exitCode = 1
          return
        }
        const startedMs = Date.now()
        await sleep(options.interval)
        const status = stageStatus(before, await kernel.bus.backlog(consumers), (Date.now() - startedMs) / 1000)
        process.stdout.write(options.json === true ? `${JSON.stringify(status)}\n` : formatStatus(status))
      } finally {
        await kernel.stop()
      }
    })
}

/** Lag now and throughput between two backlog samples taken `seconds` apart. */
export function stageStatus(before: ConsumerBacklog[], after: ConsumerBacklog[], seconds: number): StageStatus[] {
  return after.map((consumer) => {
    const earlier = before.find((b) => b.subject === consumer.subject && b.durable === consumer.durable)
    const acknowledged = consumer.acknowledged - (earlier?.acknowledged ?? consumer.acknowledged)
    return {
      durable: consumer.durable,
      subject: consumer.subject,
      pending: consumer.pending,
      inFlight: consumer.inFlight,
      messagesPerSecond: seconds > 0 ? Math.max(acknowledged, 0) / seconds : 0,
    }
  })
}

function formatStatus(status: StageStatus[]): string {
  const header = ['stage', 'subject', 'pending', 'in flight', 'msgs/s']
  const rows = status.map((s) => [s.durable, s.subject, String(s.pending), String(s.inFlight), s.messagesPerSecond.toFixed(1)])
  const widths = header.map((title, column) => Math.max(title.length, ...rows.map((row) => row[column]?.length ?? 0)))
  const line = (cells: string[]): string => cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ').trimEnd()
  const lag = status.reduce((sum, s) => sum + s.pending + s.inFlight, 0)
  return [line(header), ...rows.map(line), '', `${lag} message(s) waiting or in flight in all.`, ''].join('\n')
}
