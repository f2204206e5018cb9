import { mkdir, readdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { adapterKindNames, defaultEngine, defaultLimits, isAdapterKind } from './adapter-kinds.js'
import { AdapterFolderNotEmpty, AdapterKindUnknown, AdapterNameInvalid } from './errors.js'
import { kindTemplates } from './scaffold-templates.js'

/**
 * Writes a new adapter folder `<parent>/<name>`: package.json (with the `aetherAdapter` section
 * `adapter build` reads), src/index.ts using the kind's define helper, a test that runs the built
 * bundle in the real sandbox, and a README. Needs no network: nothing is installed.
 */
export async function scaffoldAdapter(kind: string, name: string, parent: string): Promise<{ folder: string; files: string[] }> {
  if (!isAdapterKind(kind)) throw new AdapterKindUnknown([kind, adapterKindNames])
  if (!/^[a-z0-9][a-z0-9._-]{0,99}$/.test(name)) throw new AdapterNameInvalid([name])
  const folder = join(parent, name)
  const existing = await readdir(folder).catch(() => [])
  if (existing.length > 0) throw new AdapterFolderNotEmpty([folder])

  const template = kindTemplates[kind]
  const input = template.input()
  const files: Record<string, string> = {
    'package.json': json({
      name, version: '0.1.0', type: 'module',
      description: `An Aether ${kind} adapter`,
      // What `npm publish` sends to a registry: the bundle and its manifest (package.json and the README go anyway).
      files: ['dist/adapter.js', 'aether-adapter.json'],
      scripts: { build: 'aether adapter build', test: 'aether adapter build && node --test test/' },
      devDependencies: { '@aether/adapter-sdk': '^0.1.0' },
      aetherAdapter: { kind, engine: defaultEngine, capabilities: [], limits: defaultLimits },
    }),
    'tsconfig.json': json({
      // No Node types: the isolate has none of Node's globals. skipLibCheck: the plugin API's
      // declarations, which the SDK's types use, mention Node's AbortSignal.
      compilerOptions: { target: 'ES2022', module: 'ESNext', moduleResolution: 'Bundler', strict: true, noEmit: true, lib: ['ES2023'], types: [], skipLibCheck: true },
      include: ['src'],
    }),
    'src/index.ts': template.source(name),
    ...(input === undefined ? {} : { 'test/input.json': json(input) }),
    'test/adapter.test.mjs': testFile(input === undefined ? [] : ['--input', 'test/input.json'], template.checks),
    'README.md': readme(kind, name),
  }
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(folder, file, '..'), { recursive: true })
    await writeFile(join(folder, file), text)
  }
  return { folder, files: Object.keys(files) }
}

function json(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`
}

function testFile(inputArgs: string[], checks: string): string {
  return `import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { test } from 'node:test'

// Runs the built bundle once in the real Aether sandbox, with the host's own install checks and
// the host's own check of what the kind returns, as a pipeline would: \`npm test\` builds first.
// \`aether\` comes from the Aether installation on PATH.
function runInSandbox() {
  const run = spawnSync('aether', ${JSON.stringify(['adapter', 'test', '.', '--json', ...inputArgs])}, { encoding: 'utf8' })
  if (run.error) throw run.error
  assert.equal(run.status, 0, run.stderr || run.stdout)
  return JSON.parse(run.stdout)
}

test('the adapter passes one call in the sandbox, with the outputs its kind expects', () => {
  const result = runInSandbox()
  assert.equal(result.outcome, 'ok')
${checks}
})
`
}

function readme(kind: string, name: string): string {
  return `# ${name}

An Aether ${kind} adapter. It runs sandboxed in isolated-vm, with only JavaScript's built-ins and
the capabilities its manifest asks for and the operator grants (see Aether's docs/adapter-guide.md).

- \`src/index.ts\`: the adapter; its default export is the adapter definition.
- \`npm run build\` (\`aether adapter build\`): bundles it into \`dist/adapter.js\` and writes
  \`aether-adapter.json\` with the bundle's sha512. Rebuild after every change: the host refuses a
  bundle whose hash differs.
- \`npm test\`: builds, then runs one call through the real sandbox (\`test/input.json\`, when the kind reads input).
- \`aether adapter test . [--input file.json] [--tenant T] [--grant fetch=HOST] [--grant kv]\`: one call in
  the sandbox, printing the outcome, the output records, the logs and the time.

Settings (\`kind\`, \`engine\`, \`capabilities\`, \`limits\`) live in package.json's \`aetherAdapter\`.
`
}
