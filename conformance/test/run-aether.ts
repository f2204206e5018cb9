import { spawn } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** The repository root, where the image's WORKDIR copy of it lives too. */
export const repositoryRoot = fileURLToPath(new URL('../../', import.meta.url))

/** Runs a command as a plain process (the built CLI: `npm run build` first) and collects what it printed. */
export function runProcess(command: string, args: string[], cwd = repositoryRoot): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_ENV: 'production' } })
    let stdout = ''
    let stderr = ''
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => { stdout += chunk })
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => { stderr += chunk })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

/** `aether <args>` through the built CLI. */
export function runAether(args: string[]): ReturnType<typeof runProcess> {
  return runProcess(process.execPath, ['core/dist/cli/main.js', ...args])
}
