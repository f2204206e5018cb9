import { spawn, spawnSync } from 'node:child_process'
import { once } from 'node:events'
import { access, readFile, writeFile } from 'node:fs/promises'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Worker } from 'node:worker_threads'
import { describe, expect, it } from 'vitest'
import { temporaryDirectories } from '@aether/core/testing'
import { lockDirectory } from './directory-lock.js'

const temporaryDirectory = temporaryDirectories()

/** A directory path whose lock file (`<path>.lock`) lands inside a temporary directory. */
async function databasePath(): Promise<string> {
  return join(await temporaryDirectory('aether-lock-'), 'db')
}

async function exists(path: string): Promise<boolean> {
  return access(path).then(() => true, () => false)
}

/** The pid of a Node process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', ''])
  if (child.pid === undefined) throw new Error('could not start node')
  return child.pid
}

describe('lockDirectory', () => {
  it('writes a lock file beside the directory naming this process', async () => {
    const location = await databasePath()
    const lock = await lockDirectory(location)
    expect(lock.path).toBe(`${location}.lock`)
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({ pid: process.pid, host: hostname() })
    await lock.release()
  })

  it('refuses a second lock in the same process while the first is held', async () => {
    const location = await databasePath()
    const lock = await lockDirectory(location)
    await expect(lockDirectory(location)).rejects.toMatchObject({
      code: 'AETHER_E_STORAGE_PGLITE_LOCKED',
      message: expect.stringContaining(`this process (pid ${process.pid}), which already has it open (lock file ${location}.lock)`),
    })
    await lock.release()
  })

  it('refuses a lock another thread of this process holds', async () => {
    const location = await databasePath()
    const entry = fileURLToPath(new URL('../dist/directory-lock.js', import.meta.url))
    const thread = new Worker(`import(${JSON.stringify(entry)}).then(({ lockDirectory }) => lockDirectory(${JSON.stringify(location)})).then(() => { require('node:worker_threads').parentPort.postMessage('locked'); setInterval(() => {}, 60_000) })`, { eval: true, execArgv: [] })
    try {
      expect(await once(thread, 'message')).toEqual(['locked'])
      await expect(lockDirectory(location)).rejects.toMatchObject({ code: 'AETHER_E_STORAGE_PGLITE_LOCKED', message: expect.stringContaining('this process') })
    } finally {
      await thread.terminate()
    }
  })

  it('removes the lock file on release, so the directory can be locked again', async () => {
    const location = await databasePath()
    const lock = await lockDirectory(location)
    await lock.release()
    await lock.release()
    expect(await exists(`${location}.lock`)).toBe(false)
    await (await lockDirectory(location)).release()
  })

  it('takes over the lock of a process that is gone', async () => {
    const location = await databasePath()
    const pid = deadPid()
    await writeFile(`${location}.lock`, JSON.stringify({ pid, host: hostname(), processStartedAt: '2024-01-01T00:00:00Z', token: 'stale' }))
    const lock = await lockDirectory(location)
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({ pid: process.pid })
    await lock.release()
  })

  it('takes over a lock left by an earlier process with this pid (a restarted container)', async () => {
    const location = await databasePath()
    await writeFile(`${location}.lock`, JSON.stringify({ pid: process.pid, host: hostname(), processStartedAt: '2024-01-01T00:00:00Z', token: 'earlier' }))
    const lock = await lockDirectory(location)
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).not.toMatchObject({ token: 'earlier' })
    await lock.release()
  })

  it('refuses a lock held on another host, whose pid it cannot check', async () => {
    const location = await databasePath()
    await writeFile(`${location}.lock`, JSON.stringify({ pid: deadPid(), host: 'elsewhere', processStartedAt: '2024-01-01T00:00:00Z', token: 'remote' }))
    await expect(lockDirectory(location)).rejects.toMatchObject({
      code: 'AETHER_E_STORAGE_PGLITE_LOCKED', message: expect.stringMatching(/in use by process \d+ on elsewhere, started 2024-01-01T00:00:00Z/),
    })
  })

  it('refuses a lock file it cannot read rather than guess', async () => {
    const location = await databasePath()
    await writeFile(`${location}.lock`, 'not json')
    await expect(lockDirectory(location)).rejects.toMatchObject({
      code: 'AETHER_E_STORAGE_PGLITE_LOCKED', message: expect.stringContaining('If that process is no longer running, delete the lock file.'),
    })
  })

  it('refuses a directory another live process holds, and takes it over once that process is killed', async () => {
    const location = await databasePath()
    const entry = fileURLToPath(new URL('../dist/directory-lock.js', import.meta.url))
    const script = `const { lockDirectory } = await import(${JSON.stringify(entry)}); await lockDirectory(${JSON.stringify(location)}); console.log('locked'); setInterval(() => {}, 60_000)`
    const holder = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] })
    const [chunk] = await once(holder.stdout, 'data') as [Buffer]
    expect(chunk.toString().trim()).toBe('locked')
    await expect(lockDirectory(location)).rejects.toMatchObject({
      code: 'AETHER_E_STORAGE_PGLITE_LOCKED', message: expect.stringContaining(`in use by process ${holder.pid} on ${hostname()}`),
    })
    holder.kill('SIGKILL')
    await once(holder, 'exit')
    const lock = await lockDirectory(location)
    expect(JSON.parse(await readFile(lock.path, 'utf8'))).toMatchObject({ pid: process.pid })
    await lock.release()
  })
})
