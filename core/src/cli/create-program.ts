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
 * discoverPackages).
 */
export async function createProgram(cwd = process.cwd()): Promise<Command> {
  const program = throwUsageErrors(new Command('aether'))
    .version(kernelVersion)
    .description('Aether: risk-aware signal pipelines built from plugins')
  const contributions: CliContribution[] = [addRunCommand, addStatusCommand, addPluginCommand, addDoctorCommand]
  for (const pkg of await discoverPackages([cwd, coreInstallDir])) {
    if (!pkg.hasCommands) continue
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
    const program = await createProgram()
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
