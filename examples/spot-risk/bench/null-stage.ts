import { jetstream, type JsMsg } from '@nats-io/jetstream'
import { connect } from '@nats-io/transport-node'
import pg from 'pg'
import { rawInsertSql } from '../../../bench/raw-insert.js'

// One process of the null-stage chain (see null-stage-chain.ts): it reads batches from a durable
// consumer and does only what every stage must do with them, nothing of a stage's own work.
//   forward <stream> <from> <to> <messages>   decode, re-encode, publish to the next subject, ack
//   drop <stream> <from> <messages>           decode, ack (a stage whose output is negligible)
//   insert <stream> <from> <messages> <url>   decode, plain INSERT into PostgreSQL, ack
// It exits once it has handled <messages> messages.
const [mode, stream, from, ...rest] = process.argv.slice(2) as [string, string, string, ...string[]]
const natsUrl = process.env.NATS_URL ?? 'nats://127.0.0.1:4222'
const inFlight = 4

const connection = await connect({ servers: [natsUrl] })
const js = jetstream(connection)
const expected = Number(mode === 'forward' ? rest[1] : rest[0])
const pool = mode === 'insert' ? new pg.Pool({ connectionString: rest[1], max: inFlight }) : undefined

async function handle(message: JsMsg): Promise<void> {
  const records = JSON.parse(message.string()) as unknown[]
  if (mode === 'forward') {
    await js.publish(`${stream}.${rest[0]}`, JSON.stringify(records), { msgID: `${rest[0]}/${message.seq}` })
  } else if (pool !== undefined) {
    await pool.query(rawInsertSql, [JSON.stringify(records)])
  }
  message.ack()
}

const messages = await (await js.consumers.get(stream, from)).consume({ max_messages: inFlight * 2 })
process.stdout.write('ready\n')
let received = 0
const running = new Set<Promise<void>>()
for await (const message of messages) {
  const work = handle(message)
  running.add(work)
  void work.finally(() => running.delete(work))
  if (++received === expected) break
  if (running.size >= inFlight) await Promise.race(running)
}
await Promise.all(running)
await pool?.end()
await connection.drain()
