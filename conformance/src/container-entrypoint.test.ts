import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { adapterFolders, goodAdapter } from '../test/adapter-folder.js'
import { repositoryRoot, runProcess } from '../test/run-aether.js'

// No Docker engine on this machine kind: the image's exact ENTRYPOINT and CMD run as a plain
// process in the repository (the image's WORKDIR is a copy of it), with the two mounts
// (/adapter read-only, /report) mapped to temporary folders.
const folders = adapterFolders()
const scratch = await mkdtemp(join(tmpdir(), 'aether-conformance-container-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

function instruction(dockerfile: string, name: string): string[] {
  const line = dockerfile.split('\n').find((text) => text.startsWith(`${name} `))
  if (line === undefined) throw new Error(`conformance/Dockerfile has no ${name}`)
  return JSON.parse(line.slice(name.length + 1)) as string[]
}

describe('the conformance container', () => {
  it('runs the CLI on the mounted adapter and writes the report to the mounted folder', async () => {
    const dockerfile = await readFile(new URL('../Dockerfile', import.meta.url), 'utf8')
    const entrypoint = instruction(dockerfile, 'ENTRYPOINT')
    const command = instruction(dockerfile, 'CMD')
    expect(entrypoint).toEqual(['node', 'core/dist/cli/main.js', 'conformance', 'run'])
    expect(dockerfile).toMatch(/^WORKDIR \/opt\/aether$/m)

    const adapter = join(scratch, 'adapter')
    await cp(await folders('container-adapter', goodAdapter('forecaster')), adapter, { recursive: true })
    const report = join(scratch, 'report')
    const mounts: Record<string, string> = { '/adapter': adapter, '/report': report }
    const [node, ...args] = [...entrypoint, ...command].map((argument) => mounts[argument] ?? argument)
    const { code, stdout } = await runProcess(node === 'node' ? process.execPath : String(node), args, repositoryRoot)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^container-adapter 1\.0\.0: pass \(13 passed, 0 failed, 0 skipped, \d+ ms\)$/m)
    expect(JSON.parse(await readFile(join(report, 'report.json'), 'utf8'))).toMatchObject({ verdict: 'pass', adapter: { kind: 'forecaster' } })
  })
})
