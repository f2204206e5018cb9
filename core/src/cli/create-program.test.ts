import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { temporaryDirectories } from '../../test/temporary-directories.js'
import { createProgram } from './create-program.js'

const temporaryDir = temporaryDirectories()

/** A project whose node_modules holds packages that contribute commands and record that they were imported. */
async function projectWith(packages: Array<{ name: string; commands: true | string[]; adds: string }>): Promise<string> {
  const project = await temporaryDir('aether-cli-')
  for (const { name, commands, adds } of packages) {
    const dir = join(project, 'node_modules', name)
    await mkdir(dir, { recursive: true })
    await writeFile(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', type: 'module', main: 'index.js', aether: { commands } }))
    await writeFile(join(dir, 'index.js'), `(globalThis.importedCommandPackages ??= []).push(${JSON.stringify(name)})
export const commands = [(program) => { program.command(${JSON.stringify(adds)}).description('from ${name}') }]
`)
  }
  return project
}

const imported = () => (globalThis as { importedCommandPackages?: string[] }).importedCommandPackages?.splice(0) ?? []
const commandNames = (program: Awaited<ReturnType<typeof createProgram>>) => program.commands.map((command) => command.name())

describe('the aether program', () => {
  it('imports only the packages that add to the command named, and those that do not say what they add', async () => {
    const project = await projectWith([
      { name: 'aether-test-alpha', commands: ['alpha'], adds: 'alpha' },
      { name: 'aether-test-gamma', commands: ['gamma'], adds: 'gamma' },
      { name: 'aether-test-any', commands: true, adds: 'beta' },
    ])
    imported()
    const program = await createProgram(project, ['node', 'aether', 'alpha', '--flag'])
    expect(imported().sort()).toEqual(['aether-test-alpha', 'aether-test-any'])
    expect(commandNames(program)).toEqual(expect.arrayContaining(['run', 'alpha', 'beta']))
    expect(commandNames(program)).not.toContain('gamma')
  })

  it('imports every package for help and for no command, so that all commands are listed', async () => {
    const project = await projectWith([
      { name: 'aether-test-delta', commands: ['delta'], adds: 'delta' },
      { name: 'aether-test-epsilon', commands: ['epsilon'], adds: 'epsilon' },
    ])
    for (const argv of [['node', 'aether', '--help'], ['node', 'aether', 'help', 'delta'], ['node', 'aether']]) {
      imported()
      const program = await createProgram(project, argv)
      expect(commandNames(program)).toEqual(expect.arrayContaining(['delta', 'epsilon']))
    }
  })
})
