import { Command } from 'commander'
import { isAetherError } from '@aether/plugin-api'
import { kernelVersion } from '../version.js'
import type { CliContribution } from './cli-contribution.js'
import { discoverPackages } from './discover-packages.js'
import { addDoctorCommand } from './doctor-command.js'
import { addPluginCommand } from './plugin-command.js'
import { addRunCommand } from './run-command.js'
import { addStatusCommand } from './status-command.js'
import { importPluginModule } from '../kernel/load-plugins.js'

/**
 * Builds the `aether` program: core's commands plus those contributed by installed packages
 * (found from `cwd`, see discoverPackages).
 */
export async function createProgram(cwd = process.cwd()): Promise<Command> {
  const program = new Command('aether')
    .version(kernelVersion)
    .description('Aether: risk-aware signal pipelines built from plugins')
    .showHelpAfterError()
  const contributions: CliContribution[] = [addRunCommand, addStatusCommand, addPluginCommand, addDoctorCommand]
  for (const pkg of await discoverPackages(cwd)) {
    if (!pkg.hasCommands) continue
    const module = await importPluginModule(pkg.name, cwd)
    contributions.push(...(module.commands ?? []))
  }
  for (const contribute of contributions) contribute(program)
  return program
}

/** Runs the CLI; coded errors are printed as their message and exit code 1. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    const program = await createProgram()
    await program.parseAsync(argv)
  } catch (error) {
    if (isAetherError(error)) {
      process.stderr.write(`error ${error.code}: ${error.message}\n`)
      if (error.cause instanceof Error) process.stderr.write(`  caused by: ${error.cause.message}\n`)
    } else {
      process.stderr.write(`error: ${(error as Error).stack ?? String(error)}\n`)
    }
    process.exitCode = 1
  }
}
