import { spawn } from 'node:child_process'
import { writeFile } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { openPgliteStorage } from '@aether/plugin-storage-pglite'
import { describe, expect, it } from 'vitest'
import { auditLedgerOf } from '../../src/guards/audit-ledger-of.js'
import { breakerAuditKind, breakerSubject } from '../../src/guards/host-guards.js'
import { utcDay } from '../../src/guards/utc-day.js'
import { adapterInstaller } from '../install-adapter.js'
import { packFolder } from '../pack-adapter.js'

const install = adapterInstaller()
const aetherBin = fileURLToPath(new URL('../../../../core/dist/cli/main.js', import.meta.url))

function aether(args: string[], cwd: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [aetherBin, ...args], { cwd })
    let stdout = ''
    let stderr = ''
    child.stdout.on('data', (chunk: Buffer) => { stdout += chunk.toString() })
    child.stderr.on('data', (chunk: Buffer) => { stderr += chunk.toString() })
    child.on('error', reject)
    child.on('close', (code) => resolve({ code, stdout, stderr }))
  })
}

describe('aether sandbox', () => {
  it('status shows each configured adapter\'s recorded breaker state and today\'s usage against its budget', async () => {
    const folder = await install('well-behaved', { limits: { timeoutMs: 400, memoryMb: 32, maxOutputBytes: 1_000, cpuMsPerDay: 5_000 } })
    const config = join(dirname(folder), 'pipeline.json')
    await writeFile(config, JSON.stringify({
      tenant: 'acme',
      plugins: [
        { use: '@aether/plugin-storage-pglite', config: { dataDir: 'memory://' } },
        { use: '@aether/plugin-sandbox-host', config: { adapters: [{ path: basename(folder) }] } },
      ],
    }))
    const { code, stdout, stderr } = await aether(['sandbox', 'status', config, '--json'], dirname(folder))
    expect(stderr).toBe('')
    expect(code).toBe(0)
    expect(JSON.parse(stdout)).toEqual([{
      adapter: 'well-behaved', breaker: 'closed', cpuMsPerDay: 5_000,
      today: { day: utcDay(Date.now()), calls: 0, recordsIn: 0, recordsOut: 0, cpuMs: 0, failures: {}, refused: {} },
    }])
  }, 60_000)

  it('usage refuses a day that is not YYYY-MM-DD before opening anything', async () => {
    const { code, stderr } = await aether(['sandbox', 'usage', 'pipeline.json', '--from', '2026-02-30'], process.cwd())
    expect(code).toBe(2)
    expect(stderr).toContain('"2026-02-30" is not a UTC day; use YYYY-MM-DD, such as 2026-12-01.')
  })

  it('plugin list <config> shows each adapter under the sandbox host with the breaker state storage last recorded', async () => {
    const folder = await install('well-behaved')
    const dataDir = join(dirname(folder), 'pglite-plugin-list')
    const opened = await openPgliteStorage(dataDir)
    const at = '2026-12-01T10:00:00.000Z'
    await auditLedgerOf(opened.store)!.append('acme', [{
      kind: breakerAuditKind, actor: '@aether/plugin-sandbox-host', subject: breakerSubject('well-behaved'),
      payload: { adapter: 'well-behaved', from: 'closed', to: 'open', reason: '5 failed calls in a row', at },
    }])
    await opened.close()
    const config = join(dirname(folder), 'plugin-list.json')
    await writeFile(config, JSON.stringify({
      tenant: 'acme',
      plugins: [
        { use: '@aether/plugin-storage-pglite', config: { dataDir } },
        { use: '@aether/plugin-sandbox-host', config: { adapters: [{ path: basename(folder) }] } },
      ],
    }))
    const text = await aether(['plugin', 'list', config], dirname(folder))
    expect(text.stderr).toBe('')
    expect(text.stdout).toContain(`  adapter well-behaved@1.0.0 (enricher, ${basename(folder)}) grants -; breaker open since ${at} (5 failed calls in a row)`)
    const json = await aether(['plugin', 'list', config, '--json'], dirname(folder))
    const host = (JSON.parse(json.stdout) as Array<{ name: string; inspection: unknown[] }>).find((p) => p.name === '@aether/plugin-sandbox-host')
    expect(host?.inspection).toEqual([expect.objectContaining({ details: expect.objectContaining({ adapter: 'well-behaved', breaker: 'open', kind: 'enricher' }) })])
  }, 60_000)

  it('plugin list <config> shows an adapter the configuration installs from a .tgz', async () => {
    const root = dirname(await install('well-behaved'))
    await packFolder(await install('well-behaved'), join(root, 'packed'), 'well-behaved-1.0.0.tgz')
    const config = join(root, 'tarball-list.json')
    await writeFile(config, JSON.stringify({ tenant: 'acme', plugins: [{ use: '@aether/plugin-sandbox-host', config: { adapters: [{ path: 'packed/well-behaved-1.0.0.tgz' }] } }] }))
    const { code, stdout, stderr } = await aether(['plugin', 'list', config], root)
    expect(stderr).toBe('')
    expect(stdout).toContain('  adapter well-behaved@1.0.0 (enricher, packed/well-behaved-1.0.0.tgz) grants -; breaker not recorded (no storage configured)')
    expect(code).toBe(0)
  }, 60_000)
})
