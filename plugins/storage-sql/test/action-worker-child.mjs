// A worker process for the crash drills: it opens the storage, enqueues the actions of its
// decisions (as the decide step does on every delivery), and works them. With `stopAt` it
// prints `at <step>` when it reaches that step and waits there to be killed; without, it works
// until every action is done, then prints the ledger as JSON. Imports the built packages.
const [, , argument] = process.argv
const { backend, location, tenant, actions, effectsFile, stopAt, leaseMs, owner } = JSON.parse(argument)
const sql = await import('@aether/storage-sql')

let storage
if (backend === 'pglite') {
  const { openPgliteStorage } = await import('@aether/plugin-storage-pglite')
  storage = await openPgliteStorage(location)
} else {
  const { openPostgresStorage, PostgresStorageConfig } = await import('@aether/plugin-storage-postgres')
  const { validateConfig } = await import('@aether/core')
  storage = await openPostgresStorage(validateConfig(PostgresStorageConfig, { connectionString: location }, () => 'the drill'))
}
const hang = () => new Promise(() => { setInterval(() => {}, 60_000) })
const reach = async (step) => {
  if (step !== stopAt) return
  process.stdout.write(`at ${step}\n`)
  await hang()
}

const ledger = new sql.SqlActionLedger(storage.executor)
await ledger.enqueue(tenant, actions)
await reach('enqueued')
const worker = new sql.ActionWorker(ledger, new sql.FencedFileExecutor(effectsFile), { tenant, owner, leaseMs, onStep: (step) => reach(step) })
for (;;) {
  await worker.drain()
  const listed = await ledger.list(tenant)
  if (listed.every((action) => action.state === 'done')) {
    process.stdout.write(`${JSON.stringify({ done: listed })}\n`)
    break
  }
  // A killed worker's claim: claimable once its lease runs out.
  await new Promise((resolve) => setTimeout(resolve, 50))
}
await storage.close()
