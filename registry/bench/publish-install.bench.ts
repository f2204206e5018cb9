import { execFile } from 'node:child_process'
import { mkdtemp, readdir, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { createLogger } from '@aether/core'
import { runConformance } from '@aether/conformance'
import { machine, median, writeSection } from '../../bench/report.js'
import { startRegistry } from '../src/index.js'
import { certifiableEnricher, writeAdapterPackage, writePlainPackage } from '../test/adapter-package.js'
import { npmClient } from '../test/npm-cli.js'

// Publish-to-certified and install times of one adapter through the real npm CLI, each against
// a baseline of the same run: the conformance run alone on the same tarball, and npm installing
// the same tarball from a local file.
const runs = 3
const root = await mkdtemp(join(tmpdir(), 'aether-registry-bench-'))
const running = await startRegistry({ dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), worker: { pollMs: 20 } })
const npm = await npmClient(running.url, await running.registry.tokens.create('bench'))
const seconds = { publish: [] as number[], conformance: [] as number[], install: [] as number[], localInstall: [] as number[] }

try {
  for (let run = 0; run < runs; run += 1) {
    const name = `@bench/enricher-${run}`
    const folder = await writeAdapterPackage(join(root, `adapter-${run}`), { name, version: '1.0.0', bundle: certifiableEnricher })
    let started = performance.now()
    const published = await npm.run(['publish', '--access', 'public'], folder)
    if (published.code !== 0) throw new Error(published.stderr)
    for (;;) {
      const submission = await running.registry.submissions.ofVersion(name, '1.0.0')
      if (submission?.state === 'certified') break
      if (submission?.state === 'rejected') throw new Error(`${name} was rejected: ${submission.problem}`)
      await new Promise((resolve) => setTimeout(resolve, 10))
    }
    seconds.publish.push((performance.now() - started) / 1000)

    await promisify(execFile)('npm', ['pack', '--pack-destination', root], { cwd: folder })
    const tarball = join(root, (await readdir(root)).find((file) => file.endsWith(`enricher-${run}-1.0.0.tgz`)) as string)
    started = performance.now()
    await runConformance(tarball)
    seconds.conformance.push((performance.now() - started) / 1000)

    const project = await writePlainPackage(join(root, `project-${run}`), { name: 'consumer', version: '1.0.0' })
    started = performance.now()
    const installed = await npm.run(['install', `${name}@^1.0.0`], project)
    if (installed.code !== 0) throw new Error(installed.stderr)
    seconds.install.push((performance.now() - started) / 1000)

    const local = await writePlainPackage(join(root, `local-${run}`), { name: 'consumer', version: '1.0.0' })
    started = performance.now()
    const fromFile = await npm.run(['install', tarball], local)
    if (fromFile.code !== 0) throw new Error(fromFile.stderr)
    seconds.localInstall.push((performance.now() - started) / 1000)
  }
} finally {
  await running.stop()
  await rm(root, { recursive: true, force: true })
}

const [publish, conformance, install, localInstall] = [seconds.publish, seconds.conformance, seconds.install, seconds.localInstall].map(median) as [number, number, number, number]
process.stderr.write(`publish to certified ${publish.toFixed(2)} s (conformance alone ${conformance.toFixed(2)} s); install ${install.toFixed(2)} s (from a local file ${localInstall.toFixed(2)} s)\n`)
await writeSection('registry', `
## Registry: publish to certified, install

One enricher adapter (\`registry/test/adapters/certifiable-enricher.js\`) published with the real
npm CLI to the registry on 127.0.0.1 (embedded PGlite, the in-process worker), until its
submission is certified; then installed with \`npm install\` into an empty project. Baselines
from the same run: \`runConformance\` alone on the same tarball, and \`npm install\` of that
tarball from a local file. Median of ${runs} runs. Machine: ${machine()}.

| measure | time | baseline | time | ratio |
|---|---|---|---|---|
| npm publish → certified | ${publish.toFixed(2)} s | conformance run alone | ${conformance.toFixed(2)} s | ${(publish / conformance).toFixed(2)} |
| npm install from the registry | ${install.toFixed(2)} s | npm install of the .tgz file | ${localInstall.toFixed(2)} s | ${(install / localInstall).toFixed(2)} |
`)
