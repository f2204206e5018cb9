import { InvalidArgumentError, type Command, type CommanderError } from 'commander'

/** The exit code of a command line that could not be understood (unknown command or option, bad value). */
export const usageExitCode = 2

/**
 * Makes every usage error of `program`, and of the commands added to it afterwards, end as a
 * thrown CommanderError (after commander has printed the message and the failing command's help)
 * so that runCli exits with usageExitCode. Call it before adding commands: they inherit it.
 */
export function throwUsageErrors(program: Command): Command {
  return program.exitOverride().showHelpAfterError()
}

/**
 * For an error commander raised (its message is already printed), the exit code: 0 after
 * `--help` and `--version`, usageExitCode otherwise. Undefined for any other error. Works with a
 * plugin's own copy of commander too, hence no instanceof.
 */
export function usageExitCodeOf(error: unknown): number | undefined {
  const { code, exitCode } = (error ?? {}) as Partial<CommanderError>
  if (typeof code !== 'string' || !code.startsWith('commander.') || typeof exitCode !== 'number') return undefined
  return exitCode === 0 ? 0 : usageExitCode
}

/**
 * An option parser that accepts one of `values`.
 *
 * @example
 * command.option('--role <role>', 'stage to run', oneOf(pipelineRoles, 'role'), 'all')
 */
export function oneOf<T extends string>(values: readonly T[], noun: string): (value: string) => T {
  return (value) => {
    if ((values as readonly string[]).includes(value)) return value as T
    throw new InvalidArgumentError(`Unknown ${noun} "${value}"; use one of: ${values.join(', ')}.`)
  }
}

/**
 * An option parser that accepts a whole number of at least `minimum`, written in decimal digits.
 *
 * @example
 * command.option('--interval <ms>', 'sampling interval', integerAtLeast(100, 'milliseconds'), 1000)
 */
export function integerAtLeast(minimum: number, unit: string): (value: string) => number {
  return (value) => {
    const parsed = /^\d+$/.test(value) ? Number(value) : Number.NaN
    if (Number.isSafeInteger(parsed) && parsed >= minimum) return parsed
    throw new InvalidArgumentError(`Expected a whole number of ${unit}, at least ${minimum} (got "${value}").`)
  }
}
