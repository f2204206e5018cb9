#!/usr/bin/env node
// Plain JavaScript kept in git, outside dist/, as core/bin/aether.js: it says what to do on a clone that is not built yet.
import { existsSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const main = new URL('../dist/main.js', import.meta.url)
if (existsSync(main)) {
  await import(main.href)
} else {
  process.stderr.write(`aether-agent is not built: ${fileURLToPath(main)} is missing. Run \`npm run build\` in the Aether repository, then try again.\n`)
  process.exitCode = 1
}
