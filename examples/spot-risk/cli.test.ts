import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { createTestNatsBus, deleteDeployment } from '@aether/plugin-bus-nats/testing'
import { runAether } from './run-cli.js'
import { temporaryDirectories } from '@aether/core/testing'

const temporaryDirectory = temporaryDirectories()

const exampleDir = fileURLToPath(new URL('.', import.meta.url))
const coreDir = fileURLToPath(new URL('../../core/', import.meta.url))

describe('the aether CLI', () => {
  it('lists the plugins of a pipeline in load order with what they provide', async () => {
    const { code, stdout } = await runAether(['plugin', 'list', 'pipeline.json'], exampleDir)
    expect(code).toBe(0)
    expect(stdout).toContain('@aether/plugin-storage-pglite@0.1.0  engine ^0.1.0\n  provides: aether.storage.v1, aether.move-admission.v1\n')
    expect(stdout).toContain('@aether/plugin-policy@0.1.0')
  })

  it('lists the Aether packages installed when given no configuration', async () => {
    const { stdout } = await runAether(['plugin', 'list'], exampleDir)
    expect(stdout).toContain('@aether/plugin-sources@0.1.0  (plugin)')
  })

  it('reports every check of doctor as ok on a working configuration', async () => {
    const { code, stdout } = await runAether(['doctor', 'pipeline.json', '--set', 'plugins.0.config.dataDir=memory://'], exampleDir)
    expect(stdout).toMatch(/^ok {4}Node.js version: v20/m)
    expect(stdout).toContain('ok    storage reachable: PGlite in memory')
    expect(stdout).toContain('ok    bus reachable: InProcessBus')
    expect(code).toBe(0)
  })

  it('names what doctor could not reach, down to the cause: here a NATS server that is not running', async () => {
    const { code, stdout } = await runAether(['doctor', 'pipeline.distributed.json', '--set', 'plugins.1.config.servers.0=nats://127.0.0.1:1'], exampleDir)
    expect(stdout).toMatch(/^FAIL {2}configuration and plugins: Plugin "@aether\/plugin-bus-nats" failed while registering.* — caused by: NATS at nats:\/\/127\.0\.0\.1:1 could not be reached \(.+\); start nats-server with JetStream/m)
    expect(stdout).toContain('skip  storage reachable: not checked: the configuration and plugins did not start (see above)')
    expect(code).toBe(1)
  })

  it('shows lag and throughput of a distributed deployment with aether status, and says when there is nothing to show', async () => {
    const embedded = await runAether(['status', 'pipeline.json'], exampleDir)
    expect(embedded.stdout).toContain('This pipeline uses the in-process bus')
    // A stage process of the deployment has declared its consumer; status only reads it.
    const stage = await createTestNatsBus()
    await stage.declare([{ subject: 'signals.raw', durable: 'validator' }])
    const status = await runAether(['status', 'pipeline.distributed.json', '--json', '--interval', '200', '--set', `plugins.1.config.deployment=${stage.deployment}`], exampleDir)
    await stage.close()
    await deleteDeployment(stage.deployment)
    expect(status.code).toBe(0)
    const stages = JSON.parse(status.stdout) as Array<{ durable: string; subject: string; pending: number }>
    expect(stages.map((s) => `${s.durable} ${s.subject}`)).toEqual(['validator signals.raw'])
    expect(stages.every((s) => s.pending === 0)).toBe(true)
  })

  it('stops with the path of a bad configuration value and where it was set', async () => {
    const { code, stderr } = await runAether(['run', 'pipeline.json'], exampleDir, { AETHER_PIPELINE__BATCH_SIZE: '0' })
    expect(code).toBe(1)
    expect(stderr).toBe('error AETHER_E_CONFIG_INVALID: Invalid configuration in environment variable AETHER_PIPELINE__BATCH_SIZE ' +
      'at "/pipeline/batchSize": Expected integer to be greater or equal to 1 (got 0).\n')
  })

  it('names a plugin that cannot be loaded and what to do', async () => {
    const dir = await temporaryDirectory('aether-cli-')
    await writeFile(join(dir, 'pipeline.json'), JSON.stringify({ plugins: [{ use: '@aether/plugin-nowhere' }] }))
    const { code, stderr } = await runAether(['run', 'pipeline.json'], dir)
    expect(code).toBe(1)
    expect(stderr).toContain(`error AETHER_E_PLUGIN_IMPORT: Cannot load plugin module "@aether/plugin-nowhere": not found from ${dir}, nor from ${coreDir} where aether is installed. Install it with npm, or fix the path.`)
  })

  it('refuses to run on a PGlite directory another process holds, naming that process and the lock file', async () => {
    const dataDir = join(await temporaryDirectory('aether-cli-'), 'pglite')
    const holder = await openPgliteStorage(dataDir)
    try {
      const { code, stdout, stderr } = await runAether(['run', 'pipeline.json', '--no-progress', '--set', `plugins.0.config.dataDir=${dataDir}`], exampleDir)
      expect(stderr).toContain(`caused by: The PGlite database at ${dataDir} is in use by process ${process.pid}`)
      expect(stderr).toContain(`(lock file ${dataDir}.lock)`)
      expect(stdout).not.toContain('stored')
      expect(code).toBe(1)
    } finally {
      await holder.close()
    }
  })

  it('refuses an unknown role with the list of roles', async () => {
    const { code, stderr } = await runAether(['run', 'pipeline.json', '--role', 'janitor'], exampleDir)
    expect(code).toBe(2)
    expect(stderr).toContain('Unknown role "janitor"; use one of: all, source, validator, enricher, forecaster, policy, sink.')
  })
})
