import cliProgress from 'cli-progress'

/**
 * A bar of the checks done, on an interactive terminal (stderr, so stdout keeps the report);
 * nothing otherwise: CI logs get the summary at the end.
 */
export function checkProgress(isInteractive: boolean): { update(progress: { done: number; total: number; check: string }): void; finish(): void } {
  if (!isInteractive) return { update() {}, finish() {} }
  const bar = new cliProgress.SingleBar({
    stream: process.stderr, format: ' {bar} {value}/{total} checks | {check}', hideCursor: true, clearOnComplete: true,
  }, cliProgress.Presets.shades_classic)
  let isStarted = false
  return {
    update({ done, total, check }) {
      if (!isStarted) bar.start(total, done, { check })
      isStarted = true
      bar.update(done, { check })
    },
    finish() {
      if (isStarted) bar.stop()
    },
  }
}
