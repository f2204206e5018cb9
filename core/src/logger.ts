import { Type, type Static } from '@sinclair/typebox'
import { pino, type Logger as PinoLogger, type DestinationStream } from 'pino'

/** Aether's structured JSON logger (pino). Children carry `tenant`, `traceId`, `plugin`, `stage`. */
export type Logger = PinoLogger

/** Log levels, least to most severe; `silent` logs nothing. The configuration's `log.level`. */
export const LogLevel = Type.Union([
  Type.Literal('trace'), Type.Literal('debug'), Type.Literal('info'), Type.Literal('warn'),
  Type.Literal('error'), Type.Literal('fatal'), Type.Literal('silent'),
], { default: 'info' })
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
