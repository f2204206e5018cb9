import { Command } from 'commander'
import { isAetherError } from '@aether/plugin-api'
import { kernelVersion } from '../version.js'
import type { CliContribution } from './cli-contribution.js'
import { discoverPackages } from './discover-packages.js'
import { addDoctorCommand } from './doctor-command.js'
import { addPluginCommand } from './plugin-command.js'
import { addRunCommand } from './run-command.js'
import { addStatusCommand } from './status-command.js'
import { coreInstallDir, importPluginModule } from '../kernel/load-plugins.js'
import { throwUsageErrors, usageExitCodeOf } from './usage.js'

/**
 * Builds the `aether` program: core's commands plus those contributed by installed packages,
 * found from `cwd` and from where this aether is installed (so they work in any folder; see
 * discoverPackages). Given the command line, it imports only the packages that add to the
 * command it names: importing every package's commands costs more than a second.
 */
export async function createProgram(cwd = process.cwd(), argv?: string[]): Promise<Command> {
  const program = throwUsageErrors(new Command('aether'))
    .version(kernelVersion)
    .description('Aether: risk-aware signal pipelines built from plugins')
  const contributions: CliContribution[] = [addRunCommand, addStatusCommand, addPluginCommand, addDoctorCommand]
  const invoked = argv === undefined ? undefined : invokedCommand(argv)
  for (const pkg of await discoverPackages([cwd, coreInstallDir])) {
    if (!pkg.hasCommands) continue
    if (invoked !== undefined && pkg.commandNames !== undefined && !pkg.commandNames.includes(invoked)) continue
    const module = await importPluginModule(pkg.name, pkg.resolveFrom)
    contributions.push(...(module.commands ?? []))
  }
  for (const contribute of contributions) contribute(program)
  return program
}

/**
 * Runs the CLI. A command line it cannot understand exits with code 2 (commander has printed why,
 * with the command's help); a coded error is printed as its message and exits with code 1.
 */
export async function runCli(argv: string[]): Promise<void> {
  try {
    const program = await createProgram(process.cwd(), argv)
    await program.parseAsync(argv)
  } catch (error) {
    const usageExit = usageExitCodeOf(error)
    if (usageExit !== undefined) {
      process.exitCode = usageExit
      return
    }
    if (isAetherError(error)) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`)
      if (error.cause instanceof Error) process.stderr.write(`  caused by: ${error.cause.message}\n`)
    } else {
      process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`)
    }
    process.exitCode = 1
  }
}

/** The top-level command a command line names; undefined for none or `help`, which list them all. */
function invokedCommand(argv: string[]): string | undefined {
  const first = argv.slice(2).find((arg) => !arg.startsWith('-'))
  return first === 'help' ? undefined : first
}
