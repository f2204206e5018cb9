import { spawnSync } from 'node:child_process'
import { readdirSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

// Runs every `<package>/bench/*.bench.ts` of the workspace, one process each, in order.
const root = fileURLToPath(new URL('..', import.meta.url))
const packageDirs = ['core', 'conformance', 'registry', ...['plugins', 'examples'].flatMap((group) =>
  readdirSync(join(root, group)).map((name) => join(group, name)))]
const benches = packageDirs.flatMap((dir) => {
  const benchDir = join(root, dir, 'bench')
  return existsSync(benchDir) ? readdirSync(benchDir).filter((f) => f.endsWith('.bench.ts')).map((f) => join(benchDir, f)) : []
})
const only = process.argv[2]
let failed = 0
for (const bench of benches) {
  if (only !== undefined && !bench.endsWith(`/${only}`) && !bench.endsWith(`/${only}.bench.ts`)) continue
  process.stderr.write(`\n== ${bench.slice(root.length)}\n`)
  const result = spawnSync(process.execPath, ['--conditions=@aether/source', '--import', 'tsx', bench], { stdio: 'inherit', cwd: root })
  if (result.status !== 0) failed += 1
}
process.exitCode = failed === 0 ? 0 : 1
