import { resolve } from 'node:path'
import type { Command } from 'commander'
import { writeReport, summaryTable } from './report-files.js'
import { runBacktest } from './run-backtest.js'

/** `aether backtest --data <dir> [--json] [--report <dir>] [--model <onnx>]`. */
export function addBacktestCommand(program: Command): void {
  program.command('backtest')
    .description('score the TSMixer, the heuristic and persistence on the held-out final period of measured spot traces')
    .requiredOption('--data <dir>', 'a folder laid out like the project\'s data (spot-traces/ needed; gcp-incidents/ used when present)')
    .option('--json', 'print the report as JSON')
    .option('--report <dir>', 'write report.md, report.json and SVG plots there')
    .option('--model <onnx>', 'the ONNX model to score (default: the one the tsmixer forecaster ships)')
    .option('--resamples <n>', 'bootstrap resamples', '200')
    .action(async (flags: { data: string; json?: boolean; report?: string; model?: string; resamples: string }) => {
      const bar = progressBar()
      const measured = await runBacktest({
        data: resolve(flags.data),
        ...(flags.model === undefined ? {} : { model: resolve(flags.model) }),
        resamples: Number(flags.resamples),
        onProgress: bar,
      })
      // The folder as given, so a report written for docs names no machine's absolute path.
      const report = { ...measured, data: flags.data }
      process.stderr.write('\n')
      const written = flags.report === undefined ? [] : await writeReport(report, resolve(flags.report))
      if (flags.json === true) process.stdout.write(JSON.stringify(report, null, 2) + '\n')
      else process.stdout.write(`${report.traces} traces, ${report.windows.test} held-out windows (${report.windows.positives} positive)\n${summaryTable(report)}\n`)
      for (const file of written) process.stderr.write(`wrote ${file}\n`)
    })
}

/** A one-line progress bar on stderr (stdout stays the report). */
function progressBar(): (done: number, total: number, label: string) => void {
  return (done, total, label) => {
    const width = 30
    const filled = Math.round((done / total) * width)
    process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} ${label.slice(0, 60).padEnd(60)}`)
  }
}
