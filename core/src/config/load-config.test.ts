import { writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadConfig } from './load-config.js'
import { temporaryDirectories } from '../../test/temporary-directories.js'

const temporaryDirectory = temporaryDirectories()

async function configFile(content: unknown): Promise<string> {
  const dir = await temporaryDirectory('aether-config-')
  const file = join(dir, 'pipeline.json')
  await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content))
  return file
}

describe('loadConfig', () => {
  it('fills every default when given nothing', async () => {
    const { config } = await loadConfig()
    expect(config).toMatchObject({ tenant: 'default', log: { level: 'info' }, bus: { maxMessagesPerSubject: 64 }, pipeline: { batchSize: 1000 } })
  })

  it('layers defaults < file < environment < flags', async () => {
    const file = await configFile({ tenant: 'from-file', log: { level: 'warn' }, bus: { maxInFlight: 3 } })
    const { config } = await loadConfig({
      file,
      env: { AETHER_TENANT: 'from-env', AETHER_BUS__MAX_IN_FLIGHT: '5', AETHER_UNRELATED_HOME: undefined, HOME: '/root' },
      flags: ['tenant=from-flag'],
    })
    expect(config.tenant).toBe('from-flag')
    expect(config.bus.maxInFlight).toBe(5)
    expect(config.log.level).toBe('warn')
    expect(config.bus.maxDeliver).toBe(5)
  })

  it('resolves relative paths from the directory of the file', async () => {
    const file = await configFile({})
    expect((await loadConfig({ file })).baseDir).toBe(join(file, '..'))
  })

  it('sets an element of a list by its index', async () => {
    const file = await configFile({ plugins: [{ use: 'a', config: { dataDir: 'x' } }, { use: 'b' }] })
    const { config } = await loadConfig({ file, flags: ['plugins.0.config.dataDir=memory://'] })
    expect(config.plugins).toEqual([{ use: 'a', config: { dataDir: 'memory://' } }, { use: 'b' }])
  })

  it('names the environment variable that holds a bad value', async () => {
    await expect(loadConfig({ env: { AETHER_BUS__MAX_IN_FLIGHT: 'lots' } })).rejects.toThrow(
      'Invalid configuration in environment variable AETHER_BUS__MAX_IN_FLIGHT at "/bus/maxInFlight": Expected integer (got "lots").')
  })

  it('names the flag that holds a bad value', async () => {
    await expect(loadConfig({ flags: ['log.level=loud'] })).rejects.toThrow(
      /^Invalid configuration in flag --set log.level at "\/log\/level": .* \(got "loud"\)\.$/)
  })

  it('names the file that holds a bad value', async () => {
    const file = await configFile({ pipeline: { batchSize: 0 } })
    await expect(loadConfig({ file })).rejects.toThrow(
      `Invalid configuration in file ${file} at "/pipeline/batchSize": Expected integer to be greater or equal to 1 (got 0).`)
  })

  it('refuses an unknown key, naming it', async () => {
    await expect(loadConfig({ env: { AETHER_TENNANT: 'x' } })).rejects.toThrow(
      /Invalid configuration in environment variable AETHER_TENNANT at "\/tennant": Unexpected property/)
  })

  it('says when the file is not JSON', async () => {
    const file = await configFile('{ nope')
    await expect(loadConfig({ file })).rejects.toThrow(`Cannot read configuration file ${file}: not valid JSON`)
  })

  it('says when the file is missing', async () => {
    await expect(loadConfig({ file: '/nowhere/pipeline.json' })).rejects.toThrow(
      'Cannot read configuration file /nowhere/pipeline.json: ENOENT')
  })

  it('refuses a flag without a value', async () => {
    await expect(loadConfig({ flags: ['tenant'] })).rejects.toThrow('expected path=value, e.g. log.level=debug')
  })
})
