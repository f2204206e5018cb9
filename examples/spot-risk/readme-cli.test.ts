import { execFile } from 'node:child_process'
import { readFile } from 'node:fs/promises'
import { posix } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'

// The README's `npx aether ...` lines, typed as a user types them, from the repository root.
// A fresh clone is too slow to make here; what a fresh clone lacks is dist/, so the bin npm
// links at `npm ci` must be a file in git, not a build output.
const root = fileURLToPath(new URL('../../', import.meta.url))
const run = promisify(execFile)

async function npx(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    return { code: 0, ...(await run('npx', args, { cwd: root })) }
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}

describe("the README's aether command lines", () => {
  it('run a bin that is in git, so npm links it before anything is built', async () => {
    const { bin } = JSON.parse(await readFile(new URL('../../core/package.json', import.meta.url), 'utf8')) as { bin: { aether: string } }
    const { stdout } = await run('git', ['ls-files', '--error-unmatch', posix.join('core', bin.aether)], { cwd: root })
    expect(stdout.trim()).toBe('core/bin/aether.js')
  })

  it('npx --no-install aether --help', async () => {
    const { code, stdout } = await npx('--no-install', 'aether', '--help')
    expect(stdout).toContain('Usage: aether [options] [command]')
    expect(code).toBe(0)
  })

  it('npx aether plugin list', async () => {
    const { code, stdout } = await npx('aether', 'plugin', 'list')
    expect(stdout).toContain('@aether/plugin-storage-pglite@0.1.0  (plugin)')
    expect(code).toBe(0)
  })

  it('npx aether plugin list examples/spot-risk/pipeline.json', async () => {
    const { code, stdout } = await npx('aether', 'plugin', 'list', 'examples/spot-risk/pipeline.json')
    expect(stdout).toContain('@aether/plugin-policy@0.1.0  engine ^0.1.0')
    expect(code).toBe(0)
  })

  it('npx aether adapter test adapters/keyword-enricher', async () => {
    const { code, stdout } = await npx('aether', 'adapter', 'test', 'adapters/keyword-enricher')
    expect(stdout).toMatch(/^ok keyword-enricher \(enricher\): 6 records in /)
    expect(code).toBe(0)
  })

  it('npx aether conformance run adapters/keyword-enricher', async () => {
    const { code, stdout } = await npx('aether', 'conformance', 'run', 'adapters/keyword-enricher')
    expect(stdout).toMatch(/^keyword-enricher 1\.0\.0: pass \(13 passed, 0 failed, 0 skipped, /)
    expect(code).toBe(0)
  })

  it('npx aether plugin list examples/spot-risk/pipeline.sandboxed.json', async () => {
    const { code, stdout } = await npx('aether', 'plugin', 'list', 'examples/spot-risk/pipeline.sandboxed.json')
    expect(stdout).toMatch(/\n {2}adapter keyword-enricher@1\.0\.0 \(enricher, \.\.\/\.\.\/adapters\/keyword-enricher\) grants -; breaker closed\n/)
    expect(code).toBe(0)
  }, 60_000)

  it('npx aether evidence verify <zip> says what is wrong with a file that is no evidence zip', async () => {
    const { code, stdout } = await npx('aether', 'evidence', 'verify', 'README.md')
    expect(stdout).toContain('INVALID README.md: the file is not a readable zip archive')
    expect(code).toBe(1)
  })
})
