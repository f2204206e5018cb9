import { execFile } from 'node:child_process'
import { aetherCli, runAether, type CliOutcome } from '@aether/core/testing'

/** Runs `aether <args>` as a process in `cwd`, with no terminal (stdin is a pipe). */
export const aether = (args: string[], cwd: string): Promise<CliOutcome> => runAether(args, cwd)

/**
 * Runs `aether <args>` on a real terminal (a pseudo-terminal from util-linux `script`), typing
 * `typed`; what it printed (stdout and stderr together, as a terminal shows them) is `stdout`.
 */
export function aetherOnTerminal(args: string[], cwd: string, typed: string): Promise<CliOutcome> {
  const quote = (word: string): string => `'${word.replaceAll("'", "'\\''")}'`
  const command = [process.execPath, aetherCli, ...args].map(quote).join(' ')
  return new Promise((resolve) => {
    const child = execFile('script', ['--quiet', '--return', '--command', command, '/dev/null'], { cwd, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }))
    child.stdin?.end(typed)
  })
}
