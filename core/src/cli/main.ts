#!/usr/bin/env node
import { runCli } from './create-program.js'

// Output piped into a reader that stops early (`aether plugin list | head`) closes the pipe: the
// reader has what it wanted, so the command ends quietly rather than with a stack trace.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error
  process.exit(process.exitCode ?? 0)
})

await runCli(process.argv)
