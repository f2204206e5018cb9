import { execFile } from 'node:child_process'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// The README's `npx aether-agent` line needs a bin npm links at `npm ci`, before any build: a file in git.
const root = fileURLToPath(new URL('../../../', import.meta.url))
const run = promisify(execFile)

describe("the README's aether-agent line", () => {
  it('runs a bin that is in git', async () => {
    const { stdout } = await run('git', ['ls-files', '--error-unmatch', 'examples/agent/bin/aether-agent.js'], { cwd: root })
    expect(stdout.trim()).toBe('examples/agent/bin/aether-agent.js')
  })

  it('npx --no-install aether-agent --help lists the options', async () => {
    const { stdout } = await run('npx', ['--no-install', 'aether-agent', '--help'], { cwd: root })
    expect(stdout).toMatch(/^aether-agent \[options\]/)
    expect(stdout).toContain('--buffer <n>')
  })
})
