import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The built `aether` command, run as a user would run it. */
export const aetherBin = fileURLToPath(new URL('../../core/dist/cli/main.js', import.meta.url))

/** Runs `aether` with arguments in a directory and collects its output and exit code. */
export function runAether(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [aetherBin, ...args], { cwd, env: { ...process.env, ...env } })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}
