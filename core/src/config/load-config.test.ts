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

  it('leaves AETHER_TEST_* variables alone: they belong to the tests, not to the configuration', async () => {
    const { config } = await loadConfig({ env: { AETHER_TEST_POSTGRES_URL: 'postgres://elsewhere/test', AETHER_TEST_NATS_URL: 'nats://elsewhere' } })
    expect(config.tenant).toBe('default')
  })

  it('lists the allowed values of a setting that takes one of a few', async () => {
    await expect(loadConfig({ flags: ['log.level=loud'] })).rejects.toThrow(
      'Invalid configuration in flag --set log.level at "/log/level": Expected one of trace, debug, info, warn, error, fatal, silent (got "loud").')
  })

  it('refuses a fraction for an integer setting rather than rounding it', async () => {
    await expect(loadConfig({ flags: ['pipeline.batchSize=1.5'] })).rejects.toThrow(
      'Invalid configuration in flag --set pipeline.batchSize at "/pipeline/batchSize": Expected integer (got 1.5).')
    await expect(loadConfig({ env: { AETHER_BUS__MAX_IN_FLIGHT: '"2.5"' } })).rejects.toThrow('Expected integer (got "2.5")')
  })

  it('names the plugin, not only its position, when its entry in the plugin list is wrong', async () => {
    const file = await configFile({ plugins: [{ use: 'a' }, { use: '@aether/plugin-policy', confg: {} }] })
    await expect(loadConfig({ file })).rejects.toThrow(
      `Invalid configuration in file ${file} (plugin "@aether/plugin-policy") at "/plugins/1/confg": Unexpected property`)
    await expect(loadConfig({ flags: ['plugins.0.use='] })).rejects.toThrow(
      'Invalid configuration in flag --set plugins.0.use (plugin entry 1, which names no module in "use") at "/plugins/0/use"')
  })

  it('names the flag that set a value given through a flag of its own, such as --tenant', async () => {
    await expect(loadConfig({ flags: [{ set: 'tenant=no spaces', flag: '--tenant' }] })).rejects.toThrow(
      /^Invalid configuration in flag --tenant at "\/tenant": /)
  })
})
