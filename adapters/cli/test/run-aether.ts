import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The repository's `aether` command, as a person runs it from a clone. */
export const aetherBin = fileURLToPath(new URL('../../../core/bin/aether.js', import.meta.url))

/** Runs `node core/bin/aether.js <args>` in `cwd` and collects its output and exit code. */
export function runAether(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return runCommand(process.execPath, [aetherBin, ...args], cwd)
}

/** Runs a command and collects its output and exit code. */
export function runCommand(command: string, args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
