#!/usr/bin/env node
import { runCli } from './create-program.js'

await runCli(process.argv)
