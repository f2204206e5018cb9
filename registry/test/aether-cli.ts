import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

// The built CLI, as an operator runs it: `npm run build` first.
const aetherCli = fileURLToPath(new URL('../../core/dist/cli/main.js', import.meta.url))

/** What an `aether` command printed and how it ended. */
export interface CliOutcome {
  code: number
  stdout: string
  stderr: string
}

/** Runs `aether <args>` as a process in `cwd`, with no terminal (stdin is a pipe). */
export function aether(args: string[], cwd: string): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [aetherCli, ...args], { cwd, timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }))
  })
}

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
