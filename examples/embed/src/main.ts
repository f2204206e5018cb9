import { runEmbeddedApp } from './embedded-app.js'

const { summary, decisions, pages } = await runEmbeddedApp(process.argv[2] ?? '.aether/embed')
process.stdout.write(`${summary.counts.recordsIn} records in, ${decisions.length} decisions stored, ${pages} pages sent\n`)
