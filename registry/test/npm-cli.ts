import { execFile } from 'node:child_process'
import { mkdtemp, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/** What an npm command printed and how it ended. */
export interface NpmOutcome {
  code: number
  stdout: string
  stderr: string
}

/** The real npm CLI pointed at one registry, with its own userconfig and cache (never ~/.npmrc). */
export interface NpmClient {
  run(args: string[], cwd: string): Promise<NpmOutcome>
  /** The folder holding the userconfig and cache. */
  home: string
}

/**
 * An npm client for `registryUrl`, authenticated with `token` when given (as
 * `//host:port/:_authToken=` in a temporary userconfig, which makes npm send it as a Bearer token).
 */
export async function npmClient(registryUrl: string, token?: string): Promise<NpmClient> {
  const home = await mkdtemp(join(tmpdir(), 'aether-registry-npm-'))
  const userconfig = join(home, 'npmrc')
  const host = new URL(registryUrl).host
  await writeFile(userconfig, token === undefined ? '' : `//${host}/:_authToken=${token}\n`)
  // npm run by `npm test` exports its own npm_config_* settings; the client must not inherit them.
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !/^npm_/i.test(key)))
  return {
    home,
    run: (args, cwd) => new Promise((resolve) => {
      execFile('npm', [...args, '--registry', registryUrl, '--userconfig', userconfig, '--cache', join(home, 'cache'), '--no-audit', '--no-fund', '--no-update-notifier'],
        { cwd, env: { ...env, HOME: home }, timeout: 60_000 }, (error, stdout, stderr) => {
          resolve({ code: error === null ? 0 : typeof error.code === 'number' ? error.code : 1, stdout, stderr })
        })
    }),
  }
}
