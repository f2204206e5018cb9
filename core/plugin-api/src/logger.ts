/**
 * The logger plugins are given: the part of pino's API they use, so that this package needs no
 * pino. The kernel passes pino loggers, which have this shape; a test or an embedder can pass
 * anything else that has it.
 *
 * @example
 * context.logger.info({ source: 'replay', records: 120 }, 'replaying')
 * context.logger.warn({ err: error, attempt }, 'connection failed; retrying')
 */
export interface LogMethod {
  (message: string): void
  /** Structured fields first (`err` for an error), then the message. */
  (fields: object, message?: string): void
}

/** Structured JSON logging with pino's levels; a child adds fields to everything it logs. */
export interface Logger {
  trace: LogMethod
  debug: LogMethod
  info: LogMethod
  warn: LogMethod
  error: LogMethod
  fatal: LogMethod
  child(fields: Record<string, unknown>): Logger
}
