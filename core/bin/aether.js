#!/usr/bin/env node
// The `aether` command. It is plain JavaScript kept in git, outside dist/, because npm links a
// package's bins when it installs (`npm ci`), before anything is built: a bin pointing into
// dist/ would not be linked on a fresh clone.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const main = new URL('../dist/cli/main.js', import.meta.url)
if (existsSync(main)) {
  await import(main.href)
} else {
  const core = fileURLToPath(new URL('..', import.meta.url))
  process.stderr.write(`aether is not built: ${fileURLToPath(main)} is missing. ` +
    `Run \`npm run build\` in the Aether repository (it builds ${core} and the plugins), then try again.\n`)
  process.exitCode = 1
}
