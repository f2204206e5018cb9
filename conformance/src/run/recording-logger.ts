import type { Logger } from '@aether/plugin-api'

/** One line the sandbox host logged during a run. */
export type LogLine = Record<string, unknown> & { msg?: string }

/**
 * A logger that keeps what the sandbox host tells it (refused capabilities, failed calls,
 * adapter logs), for checks to read as evidence. Nothing is printed.
 */
export function recordingLogger(): Logger & { lines: LogLine[] } {
  const lines: LogLine[] = []
  const method = (fields: object | string, message?: string): void => {
    // A load run logs thousands of lines; the checks need the recent ones only.
    if (lines.length >= 10_000) lines.splice(0, 5_000)
    lines.push(typeof fields === 'string' ? { msg: fields } : { ...fields, msg: message })
  }
  const logger = { trace: method, debug: method, info: method, warn: method, error: method, fatal: method, child: () => logger, lines }
  return logger
}
