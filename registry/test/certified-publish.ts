import type { NpmClient } from './npm-cli.js'
import type { Registry } from '../src/index.js'

/**
 * Publishes the package in `folder` with the real npm CLI and waits (30 s at most) until the
 * registry has certified it; throws with the reason when it is refused or rejected.
 */
export async function publishCertified(npm: NpmClient, registry: Registry, folder: string, name: string, version: string): Promise<void> {
  const published = await npm.run(['publish', '--access', 'public'], folder)
  if (published.code !== 0) throw new Error(`npm publish of ${name}@${version} failed: ${published.stderr}`)
  const deadline = Date.now() + 30_000
  for (;;) {
    const submission = await registry.submissions.ofVersion(name, version)
    if (submission?.state === 'certified') return
    if (submission?.state === 'rejected') {
      const report = await registry.submissions.report(submission.id)
      const failed = report === undefined ? [] : (JSON.parse(report) as { checks: Array<{ id: string; status: string; details?: unknown }> }).checks.filter((check) => check.status !== 'pass')
      throw new Error(`${name}@${version} was rejected: ${submission.problem} ${JSON.stringify(failed)}`)
    }
    if (Date.now() > deadline) throw new Error(`${name}@${version} was not certified in 30 s (state ${submission?.state})`)
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}
