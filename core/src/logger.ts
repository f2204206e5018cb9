import { Type, type Static } from '@sinclair/typebox'
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino'

/** Aether's structured JSON logger (pino). Children carry `tenant`, `traceId`, `plugin`, `stage`. */
export type Logger = PinoLogger

/** The log level names, least to most severe; `silent` logs nothing. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const

/** The configuration's `log.level`: one of `logLevels`. */
export const LogLevel = Type.Union(logLevels.map((level) => Type.Literal(level)), { default: 'info' })
export type LogLevel = Static<typeof LogLevel>

/**
 * Creates the root logger. Logs go to standard error so that a command's own output on standard
 * output stays machine-readable.
 */
export function createLogger(options: { level: LogLevel; destination?: DestinationStream }): Logger {
  return pino(
    { level: options.level, base: { service: 'aether' }, timestamp: pino.stdTimeFunctions.isoTime },
    options.destination ?? pino.destination({ fd: 2, sync: false }),
  )
}
