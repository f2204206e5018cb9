import { spawn } from 'node:child_process'
import { connect } from '@nats-io/transport-node'
import { jetstream, jetstreamManager } from '@nats-io/jetstream'
import { setTimeout as sleep } from 'node:timers/promises'
import { mkdtempSync } from 'node:fs'
import { connect as tcp } from 'node:net'
const store = mkdtempSync('/tmp/natsexp/s-')
const port = 14000 + Math.floor(Math.random() * 900)
const start = () => spawn('/usr/sbin/nats-server', ['-a','127.0.0.1','-p',String(port),'-js','-sd',store], { stdio: 'ignore' })
let child = start(); await sleep(800)
let nc = await connect({ servers: `127.0.0.1:${port}` })
const jsm = await jetstreamManager(nc)
for (let s = 0; s < 12; s++) await jsm.streams.add({ name: 'S' + s, subjects: [`s${s}.>`], storage: 'file' })
const js = jetstream(nc)
for (let i = 0; i < 3000; i++) await js.publish(`s${i % 12}.x`, new Uint8Array(3000))
await nc.close()
child.kill('SIGTERM'); await new Promise(r => child.once('exit', r))
child = start()
const t0 = Date.now()
for (;;) { const ok = await new Promise(r => { const s = tcp(port, '127.0.0.1'); s.once('connect', () => { s.destroy(); r(true) }); s.once('error', () => r(false)) }); if (ok) break; await sleep(5) }
nc = await connect({ servers: `127.0.0.1:${port}` })
const js2 = jetstream(nc, { timeout: 1000 })
const results = []
for (let k = 0; k < 40; k++) { for (let s = 11; s >= 0; s--) { try { await js2.publish(`s${s}.x`, new Uint8Array(10)); results.push(`${Date.now() - t0}ms S${s} ok`) } catch (e) { results.push(`${Date.now() - t0}ms S${s} ${e.name}`) } } if (results.slice(-12).every(r => r.endsWith('ok'))) break; await sleep(10) }
console.log(results.filter(r => !r.endsWith('ok')).slice(0, 10).join('\n'), '\n', results.length, results.at(-1))
await nc.close(); child.kill('SIGKILL')
