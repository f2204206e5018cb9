import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino'

/** Aether's structured JSON logger (pino). Children carry `tenant`, `traceId`, `plugin`, `stage`. */
export type Logger = PinoLogger

/** Log levels, least to most severe. */
export const logLevels = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const
export type LogLevel = (typeof logLevels)[number]

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
