import { spawn } from 'node:child_process'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { aetherCli, runAether } from '@aether/core/testing'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { npmClient } from '../../test/npm-cli.js'

// The built CLI, as an operator runs it: `npm run build` first.
let root: string
beforeAll(async () => { root = await mkdtemp(join(tmpdir(), 'aether-registry-cli-')) })
afterAll(async () => { await rm(root, { recursive: true, force: true }) })

const aether = (args: string[]) => runAether(args, root)

describe('aether registry', () => {
  // One test: each command opens the embedded PGlite database, which takes seconds.
  it('creates a token, then starts with the embedded database and no setup, printing its URL', async () => {
    const made = await aether(['registry', 'token', '--label', 'carol', '--log-level', 'silent'])
    expect(made.code, made.stderr).toBe(0)
    const token = made.stdout.trim()
    expect(token).toMatch(/^aether_[A-Za-z0-9_-]{43}$/)

    const service = spawn(process.execPath, [aetherCli, 'registry', 'start', '--port', '0', '--log-level', 'silent'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] })
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let printed = ''
        service.stdout.setEncoding('utf8').on('data', (chunk: string) => {
          printed += chunk
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(printed)
          if (match !== null) resolve(match[1] as string)
        })
        service.once('exit', (code) => reject(new Error(`aether registry start exited with ${code}`)))
      })
      const npm = await npmClient(url, token)
      const whoami = await npm.run(['whoami'], root)
      expect(whoami.stdout.trim(), whoami.stderr).toBe('carol')
      const docs = await fetch(`${url}/docs`)
      expect(docs.status).toBe(200)
    } finally {
      const exited = new Promise((resolve) => service.once('exit', resolve))
      service.kill('SIGTERM')
      expect(await exited).toBe(0)
    }
  })
})
