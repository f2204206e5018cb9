import { execFile } from 'node:child_process'
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { promisify } from 'node:util'
import { createLogger } from '@aether/core'
import { runConformance } from '@aether/conformance'
import { machine, median, writeSection } from '../../bench/report.js'
import { startRegistry } from '../src/index.js'
import { certifiableEnricher, writeAdapterPackage, writePlainPackage } from '../test/adapter-package.js'
import { aether } from '../test/aether-cli.js'
import { npmClient } from '../test/npm-cli.js'

// Publish-to-certified and install times of one adapter through the real npm CLI, each against
// a baseline of the same run: the conformance run alone on the same tarball, and npm installing
// the same tarball from a local file. Then the operator's install, `aether plugin add` (the CLI
// process: resolve, download, verify integrity, signature and certification, lock), against
// `npm install` of the same version from the same registry.
const runs = 3
const root = await mkdtemp(join(tmpdir(), 'aether-registry-bench-'))
const running = await startRegistry({ dataDir: join(root, 'registry'), port: 0, logger: createLogger({ level: 'silent' }), worker: { pollMs: 20 } })
const npm = await npmClient(running.url, await running.registry.tokens.create('bench'))
const seconds = { publish: [] as number[], conformance: [] as number[], install: [] as number[], localInstall: [] as number[], pluginAdd: [] as number[] }

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

    const operator = join(root, `operator-${run}`)
    await mkdir(operator)
    started = performance.now()
    const added = await aether(['plugin', 'add', `${name}@^1.0.0`, '--registry', running.url], operator)
    seconds.pluginAdd.push((performance.now() - started) / 1000)
    if (added.code !== 0) throw new Error(added.stderr)
    const lock = JSON.parse(await readFile(join(operator, 'aether-lock.json'), 'utf8')) as { adapters: Record<string, { version: string }> }
    if (lock.adapters[name]?.version !== '1.0.0') throw new Error(`aether plugin add did not lock ${name}@1.0.0: ${JSON.stringify(lock)}`)
  }
} finally {
  await running.stop()
  await rm(root, { recursive: true, force: true })
}

const [publish, conformance, install, localInstall, pluginAdd] = [seconds.publish, seconds.conformance, seconds.install, seconds.localInstall, seconds.pluginAdd].map(median) as [number, number, number, number, number]
process.stderr.write(`publish to certified ${publish.toFixed(2)} s (conformance alone ${conformance.toFixed(2)} s); install ${install.toFixed(2)} s (from a local file ${localInstall.toFixed(2)} s); ` +
  `aether plugin add ${pluginAdd.toFixed(2)} s\n`)
await writeSection('registry', `
## Registry: publish to certified, install

One enricher adapter (\`registry/test/adapters/certifiable-enricher.js\`) published with the real
npm CLI to the registry on 127.0.0.1 (embedded PGlite, the in-process worker), until its
submission is certified; then installed with \`npm install\` into an empty project, and with
\`aether plugin add <name>@^1.0.0\` (the built CLI as a process, which verifies integrity,
signature and certification and writes \`aether-lock.json\`) into another. Baselines from the
same run: \`runConformance\` alone on the same tarball, \`npm install\` of that tarball from a
local file, and \`npm install\` from the registry for \`aether plugin add\`. Median of ${runs} runs.
Machine: ${machine()}.

| measure | time | baseline | time | ratio |
|---|---|---|---|---|
| npm publish → certified | ${publish.toFixed(2)} s | conformance run alone | ${conformance.toFixed(2)} s | ${(publish / conformance).toFixed(2)} |
| npm install from the registry | ${install.toFixed(2)} s | npm install of the .tgz file | ${localInstall.toFixed(2)} s | ${(install / localInstall).toFixed(2)} |
| aether plugin add (verified, locked) | ${pluginAdd.toFixed(2)} s | npm install from the registry | ${install.toFixed(2)} s | ${(pluginAdd / install).toFixed(2)} |
`)
