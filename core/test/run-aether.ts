import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built `aether` CLI, as an operator runs it (`npm run build` first). */
export const aetherCli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url))

/** What an `aether` command printed and how it ended (1 when it was killed or timed out). */
export interface CliOutcome {
  code: number
  stdout: string
  stderr: string
}

/** Runs `aether <args>` as a process in `cwd`, with no terminal (stdin is a pipe). */
export function runAether(args: string[], cwd: string, options: { timeoutMs?: number } = {}): Promise<CliOutcome> {
  return new Promise((resolve) => {
    execFile(process.execPath, [aetherCli, ...args], { cwd, timeout: options.timeoutMs ?? 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr }))
  })
}
