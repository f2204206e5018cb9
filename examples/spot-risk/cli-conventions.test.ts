import { spawn } from 'node:child_process'
import { copyFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import { deploymentStreams, uniqueDeployment } from '@aether/plugin-bus-nats/testing'
import { aetherBin, runAether } from './run-cli.js'

const temporaryDirectory = temporaryDirectories()
const exampleDir = fileURLToPath(new URL('.', import.meta.url))

describe('the aether CLI: usage errors', () => {
  it('exits with 2 on an unknown command, an unknown option and a missing argument', async () => {
    for (const args of [['frobnicate'], ['run', 'pipeline.json', '--bogus'], ['run']]) {
      const { code, stderr } = await runAether(args, exampleDir)
      expect({ args, code }).toEqual({ args, code: 2 })
      expect(stderr).toMatch(/^error: (unknown command|unknown option|missing required argument)/)
    }
  })

  it('refuses a bad option value with the help of the subcommand, not of the program', async () => {
    const { code, stderr } = await runAether(['run', 'pipeline.json', '--role', 'janitor'], exampleDir)
    expect(code).toBe(2)
    expect(stderr).toContain('Usage: aether run [options] <pipeline>')
    expect(stderr).not.toContain('Usage: aether [options] [command]')
  })

  it('names --log-level, with the levels it takes, for a level it does not know', async () => {
    const { code, stderr } = await runAether(['plugin', 'list', 'pipeline.json', '--log-level', 'loud'], exampleDir)
    expect(code).toBe(2)
    expect(stderr).toContain("option '--log-level <level>' argument 'loud' is invalid. Unknown log level \"loud\"; " +
      'use one of: trace, debug, info, warn, error, fatal, silent.')
  })

  it('refuses a sampling interval that is not a whole number of at least 100 ms', async () => {
    for (const interval of ['abc', '0', '1.5']) {
      const { code, stderr } = await runAether(['status', 'pipeline.distributed.json', '--interval', interval], exampleDir)
      expect(code).toBe(2)
      expect(stderr).toContain(`Expected a whole number of milliseconds, at least 100 (got "${interval}")`)
    }
  })

  it('refuses a fraction for an integer setting instead of rounding it', async () => {
    const { code, stderr } = await runAether(['plugin', 'list', 'pipeline.json', '--set', 'pipeline.batchSize=1.5'], exampleDir)
    expect(code).toBe(1)
    expect(stderr).toContain('Invalid configuration in flag --set pipeline.batchSize at "/pipeline/batchSize": Expected integer (got 1.5).')
  })
})

describe('the aether CLI: doctor', () => {
  // One doctor run for both: opening PGlite takes most of the time.
  it('checks the example pipeline when given no file inside the repository, and prints its checks as JSON with --json', async () => {
    const { code, stdout } = await runAether(['doctor', '--json', '--set', 'plugins.0.config.dataDir=memory://'], exampleDir)
    const report = JSON.parse(stdout) as { file: string; isHealthy: boolean; checks: Array<{ name: string; status: string }> }
    expect(report.file).toBe(join(exampleDir, 'pipeline.json'))
    expect(report.checks.map((check) => `${check.status} ${check.name}`)).toEqual([
      'ok Node.js version', 'ok configuration and plugins', 'ok storage reachable', 'ok bus reachable',
    ])
    expect(report.isHealthy).toBe(true)
    expect(code).toBe(0)
  }, 60_000)

  it('says which file to give when there is none, instead of failing checks nobody configured', async () => {
    const { code, stdout } = await runAether(['doctor'], await temporaryDirectory('aether-doctor-'))
    expect(stdout).toContain('skip  configuration and plugins: no configuration given: run `aether doctor <pipeline.json>`')
    expect(stdout).not.toContain('FAIL')
    expect(code).toBe(0)
  })
})

describe('the aether CLI outside the project', () => {
  it('offers the commands of the installed first-party packages in any folder (an auditor verifying a zip elsewhere)', async () => {
    const { code, stdout } = await runAether(['--help'], await temporaryDirectory('aether-elsewhere-'))
    expect(code).toBe(0)
    expect(stdout).toMatch(/^ {2}evidence\b/m)
  })

  it('loads the first-party plugins of a pipeline file kept outside the project', async () => {
    const dir = await temporaryDirectory('aether-elsewhere-')
    await copyFile(join(exampleDir, 'pipeline.json'), join(dir, 'pipeline.json'))
    const { code, stdout } = await runAether(['plugin', 'list', 'pipeline.json'], dir)
    expect(stdout).toContain('@aether/plugin-storage-pglite@0.1.0  engine ^0.1.0')
    expect(code).toBe(0)
  })
})

describe('the aether CLI and the environment of tests', () => {
  it('runs with the AETHER_TEST_* variables the test helpers read set', async () => {
    const { code, stdout } = await runAether(['plugin', 'list', 'pipeline.json'], exampleDir, {
      AETHER_TEST_POSTGRES_URL: 'postgres://postgres@127.0.0.1:5432/test', AETHER_TEST_NATS_URL: 'nats://127.0.0.1:4222',
    })
    expect(stdout).toContain('@aether/plugin-policy@0.1.0')
    expect(code).toBe(0)
  })
})

describe('aether status', () => {
  it('creates nothing for a deployment that has not run (a mistyped name) and says so', async () => {
    const deployment = uniqueDeployment()
    const { code, stdout } = await runAether(['status', 'pipeline.distributed.json', '--set', `plugins.1.config.deployment=${deployment}`], exampleDir)
    expect(stdout).toContain('No consumer of this pipeline exists on the bus')
    expect(code).toBe(1)
    expect(await deploymentStreams(deployment)).toEqual([])
  })
})

describe('the aether CLI: output into a pipe', () => {
  it('ends quietly with exit 0 when the reader has closed the pipe, as `| head` does', async () => {
    const child = spawn(process.execPath, [aetherBin, 'plugin', 'list', 'pipeline.json'], { cwd: exampleDir })
    let stderr = ''
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    // Close our end before it writes, as a reader that has seen enough does (`head -0`).
    child.stdout.destroy()
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
    expect(stderr).not.toContain('EPIPE')
    expect(code).toBe(0)
  })
})
