import cliProgress from 'cli-progress'
import type { Logger } from '../logger.js'
import type { RunProgress } from '../pipeline/run-pipeline.js'

/**
 * Shows a run's progress: a bar on an interactive terminal, otherwise a structured log line
 * every few seconds (CI logs and files stay readable).
 */
export function createProgressReporter(options: { isInteractive: boolean; logger: Logger; logEveryMs?: number }): {
  update(progress: RunProgress): void
  finish(): void
} {
  if (options.isInteractive) {
    const bar = new cliProgress.SingleBar({
      stream: process.stderr,
      format: ' {bar} {percentage}% | {value}/{total} records | valid {valid} invalid {invalid} forecasts {forecasts} decisions {decisions} | {rate}/s',
      hideCursor: true,
    }, cliProgress.Presets.shades_classic)
    let isStarted = false
    return {
      update(progress) {
        const total = progress.expected ?? Math.max(progress.counts.recordsIn, 1)
        const payload = { ...progress.counts, rate: rate(progress) }
        if (!isStarted) {
          bar.start(total, progress.counts.recordsIn, payload)
          isStarted = true
        }
        bar.setTotal(total)
        bar.update(progress.counts.recordsIn, payload)
      },
      finish() {
        if (isStarted) bar.stop()
      },
    }
  }
  const logEveryMs = options.logEveryMs ?? 2_000
  let lastLogMs = 0
  return {
    update(progress) {
      const now = Date.now()
      if (now - lastLogMs < logEveryMs) return
      lastLogMs = now
      options.logger.info({ progress: { ...progress.counts, expected: progress.expected, backlog: progress.backlog, ratePerSecond: rate(progress) } }, 'run progress')
    },
    finish() {},
  }
}

function rate(progress: RunProgress): number {
  return Math.round(progress.counts.recordsIn / Math.max(progress.elapsedMs / 1000, 0.001))
}
