import type { Command } from 'commander'

/**
 * A CLI command a package contributes to `aether`: it adds itself to the program. A package
 * lists its contributions in an exported `commands` array and marks itself with
 * `"aether": { "commands": true }` in its package.json so the CLI finds it.
 *
 * @example
 * export const commands: CliContribution[] = [(program) => program.command('hello').action(() => console.log('hi'))]
 */
export type CliContribution = (program: Command) => void
