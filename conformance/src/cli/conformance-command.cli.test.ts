import { execFileSync } from 'node:child_process'
import { cp, mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { TypeCompiler } from '@sinclair/typebox/compiler'
import { afterAll, describe, expect, it } from 'vitest'
import { adapterFolders, goodAdapter } from '../../test/adapter-folder.js'
import { brokenAdapters } from '../../test/broken/broken-adapters.js'
import { runAether } from '../../test/run-aether.js'
import { ConformanceReport } from '../report/conformance-report.js'

// The built CLI as a person runs it: `aether conformance run`, found through the package's
// "commands" contribution. Needs `npm run build`.
const folders = adapterFolders()
const scratch = await mkdtemp(join(tmpdir(), 'aether-conformance-cli-'))
afterAll(() => rm(scratch, { recursive: true, force: true }))

/** An npm-pack-shaped .tgz of an adapter folder (top folder `package/`), made with the system tar. */
async function pack(folder: string, name: string): Promise<string> {
  const staging = await mkdtemp(join(scratch, 'pack-'))
  await cp(folder, join(staging, 'package'), { recursive: true })
  const file = join(scratch, `${name}.tgz`)
  execFileSync('tar', ['-czf', file, 'package'], { cwd: staging })
  return file
}

describe('aether conformance run', () => {
  it('exits 0 for a passing adapter folder and prints the JSON report with --json', async () => {
    const { code, stdout } = await runAether(['conformance', 'run', await folders('cli-good', goodAdapter('policy')), '--json'])
    expect(code).toBe(0)
    const report = JSON.parse(stdout) as unknown
    expect(TypeCompiler.Compile(ConformanceReport).Check(report)).toBe(true)
    expect(report).toMatchObject({ verdict: 'pass', adapter: { name: 'cli-good', artifact: 'directory' } })
  })

  it('judges a .tgz the same, and reports the tarball\'s sha512', async () => {
    const tarball = await pack(await folders('cli-packed', goodAdapter('validator')), 'cli-packed-1.0.0')
    const { code, stdout } = await runAether(['conformance', 'run', tarball, '--json'])
    expect(code).toBe(0)
    const sha512 = (await import('node:crypto')).createHash('sha512').update(await readFile(tarball)).digest('hex')
    expect(JSON.parse(stdout)).toMatchObject({ verdict: 'pass', adapter: { name: 'cli-packed', artifact: 'tarball', sha512 } })
  })

  it('exits 1 for a failing adapter, prints a summary line per check and writes the report files', async () => {
    const reportDir = join(scratch, 'report')
    const { code, stdout, stderr } = await runAether(['conformance', 'run', await folders('cli-broken', brokenAdapters['package.engine'] as Parameters<typeof folders>[1]), '--report', reportDir])
    expect(code).toBe(1)
    expect(stdout).toMatch(/^cli-broken 1\.0\.0: fail \(12 passed, 1 failed, 0 skipped, \d+ ms\)$/m)
    expect(stdout).toMatch(/^ {2}fail {2}package\.engine +"\^9\.0\.0" does not accept kernel 0\.1\.0$/m)
    expect(stderr).toContain(`report written: ${join(reportDir, 'report.json')}`)
    expect(JSON.parse(await readFile(join(reportDir, 'report.json'), 'utf8'))).toMatchObject({ verdict: 'fail' })
    expect(await readFile(join(reportDir, 'report.md'), 'utf8')).toContain('— FAIL')
    expect(await readFile(join(reportDir, 'report.html'), 'utf8')).toContain('<tr id="package.engine">')
  })

  it('exits 2, saying what to do, when the adapter cannot be run (the refusals themselves: run-conformance.test.ts)', async () => {
    const missing = await runAether(['conformance', 'run', join(scratch, 'no-such-adapter')])
    expect(missing.code).toBe(2)
    expect(missing.stderr).toMatch(/^could not run: AETHER_E_CONFORMANCE_TARGET_MISSING: Cannot read the adapter at .*no-such-adapter: no such file or folder\. Pass an adapter folder/m)
    expect(missing.stdout).toBe('')
  })
})
